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
        nuint space = descriptorCount > 0 ? SystemCalls.CmsgSpace((nuint)(descriptorCount * sizeof(int))) : 0;
        if (credentials)
        {
            space += SystemCalls.CmsgSpace((nuint)sizeof(ucred));
        }
        return (int)space;
    }

    /// <summary>Writes the control messages into the zeroed buffer that <paramref name="message"/> points at.</summary>
    public static void Write(msghdr* message, ReadOnlySpan<int> descriptors, UnixCredentials? credentials)
    {
        cmsghdr* header = SystemCalls.CmsgFirstHdr(message);
        if (descriptors.Length > 0)
        {
            header->cmsg_level = Libc.SOL_SOCKET;
            header->cmsg_type = Libc.SCM_RIGHTS;
            header->cmsg_len = SystemCalls.CmsgLen((nuint)(descriptors.Length * sizeof(int)));
            descriptors.CopyTo(new Span<int>(SystemCalls.CmsgData(header), descriptors.Length));
            header = SystemCalls.CmsgNxtHdr(message, header);
        }
        if (credentials is UnixCredentials value)
        {
            header->cmsg_level = Libc.SOL_SOCKET;
            header->cmsg_type = Libc.SCM_CREDENTIALS;
            header->cmsg_len = SystemCalls.CmsgLen((nuint)sizeof(ucred));
            *(ucred*)SystemCalls.CmsgData(header) = value.ToNative();
        }
    }

    /// <summary>Reads what <c>recvmsg</c> returned: every received descriptor is wrapped in an owning handle at
    /// once, so none leaks even if a later one is malformed.</summary>
    public static (IReadOnlyList<FileDescriptorHandle> Descriptors, UnixCredentials? Credentials) Read(msghdr* message)
    {
        List<FileDescriptorHandle>? descriptors = null;
        UnixCredentials? credentials = null;
        nuint dataOffset = SystemCalls.CmsgLen(0);
        for (cmsghdr* header = SystemCalls.CmsgFirstHdr(message); header != null; header = SystemCalls.CmsgNxtHdr(message, header))
        {
            if (header->cmsg_level != Libc.SOL_SOCKET || header->cmsg_len < dataOffset)
            {
                continue;
            }
            byte* data = SystemCalls.CmsgData(header);
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
