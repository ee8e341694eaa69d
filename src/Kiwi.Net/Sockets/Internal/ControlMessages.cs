using System;
using System.Collections.Generic;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// Builds and reads the ancillary data of <c>sendmsg</c>/<c>recvmsg</c> (<c>SCM_RIGHTS</c>,
/// <c>SCM_CREDENTIALS</c>) with the shim's <c>CMSG_*</c> functions, so that alignment and padding are exactly the
/// C library's.
/// </summary>
internal static unsafe class ControlMessages
{
    /// <summary><c>SCM_MAX_FD</c>: the most descriptors one <c>SCM_RIGHTS</c> message carries.</summary>
    public const int MaxDescriptors = 253;

    /// <summary>Bytes of control buffer for <paramref name="descriptorCount"/> descriptors and, if asked, credentials.</summary>
    public static int Space(int descriptorCount, bool credentials)
    {
        nuint space = descriptorCount > 0 ? KiwiShim.kiwi_cmsg_space((nuint)(descriptorCount * sizeof(int))) : 0;
        if (credentials)
        {
            space += KiwiShim.kiwi_cmsg_space((nuint)sizeof(ucred));
        }
        return (int)space;
    }

    /// <summary>Writes the control messages into the zeroed buffer that <paramref name="message"/> points at.</summary>
    public static void Write(msghdr* message, ReadOnlySpan<int> descriptors, UnixCredentials? credentials)
    {
        cmsghdr* header = KiwiShim.kiwi_cmsg_firsthdr(message);
        if (descriptors.Length > 0)
        {
            header->cmsg_level = Libc.SOL_SOCKET;
            header->cmsg_type = Libc.SCM_RIGHTS;
            header->cmsg_len = KiwiShim.kiwi_cmsg_len((nuint)(descriptors.Length * sizeof(int)));
            descriptors.CopyTo(new Span<int>(KiwiShim.kiwi_cmsg_data(header), descriptors.Length));
            header = KiwiShim.kiwi_cmsg_nxthdr(message, header);
        }
        if (credentials is UnixCredentials value)
        {
            header->cmsg_level = Libc.SOL_SOCKET;
            header->cmsg_type = Libc.SCM_CREDENTIALS;
            header->cmsg_len = KiwiShim.kiwi_cmsg_len((nuint)sizeof(ucred));
            *(ucred*)KiwiShim.kiwi_cmsg_data(header) = value.ToNative();
        }
    }

    /// <summary>Reads what <c>recvmsg</c> returned: every received descriptor is wrapped in an owning handle at
    /// once, so none leaks even if a later one is malformed.</summary>
    public static (IReadOnlyList<FileDescriptorHandle> Descriptors, UnixCredentials? Credentials) Read(msghdr* message)
    {
        List<FileDescriptorHandle>? descriptors = null;
        UnixCredentials? credentials = null;
        nuint dataOffset = KiwiShim.kiwi_cmsg_len(0);
        for (cmsghdr* header = KiwiShim.kiwi_cmsg_firsthdr(message); header != null; header = KiwiShim.kiwi_cmsg_nxthdr(message, header))
        {
            if (header->cmsg_level != Libc.SOL_SOCKET || header->cmsg_len < dataOffset)
            {
                continue;
            }
            byte* data = KiwiShim.kiwi_cmsg_data(header);
            int dataLength = (int)(header->cmsg_len - dataOffset);
            if (header->cmsg_type == Libc.SCM_RIGHTS)
            {
                descriptors ??= new List<FileDescriptorHandle>();
                foreach (int fd in new ReadOnlySpan<int>(data, dataLength / sizeof(int)))
                {
                    descriptors.Add(new FileDescriptorHandle(fd, ownsHandle: true));
                }
            }
            else if (header->cmsg_type == Libc.SCM_CREDENTIALS && dataLength >= sizeof(ucred))
            {
                credentials = UnixCredentials.FromNative(*(ucred*)data);
            }
        }
        return (descriptors is null ? ReceivedMessage.NoDescriptors : descriptors, credentials);
    }

    /// <summary>Takes a reference on each handle and copies its number; <paramref name="added"/> counts the
    /// references taken, which <see cref="ReleaseAll"/> needs even after an exception.</summary>
    public static void AddRefAll(ReadOnlySpan<FileDescriptorHandle> handles, Span<int> numbers, ref int added)
    {
        for (int i = 0; i < handles.Length; i++)
        {
            bool success = false;
            handles[i].DangerousAddRef(ref success);
            added = i + 1;
            numbers[i] = (int)handles[i].DangerousGetHandle();
        }
    }

    /// <summary>Releases the first <paramref name="added"/> references that <see cref="AddRefAll"/> took.</summary>
    public static void ReleaseAll(ReadOnlySpan<FileDescriptorHandle> handles, int added)
    {
        for (int i = 0; i < added; i++)
        {
            handles[i].DangerousRelease();
        }
    }
}
