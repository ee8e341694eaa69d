using System;
using System.Collections.Generic;
using System.Net;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// Builds and reads the ancillary data of <c>sendmsg</c>/<c>recvmsg</c> (<c>SCM_RIGHTS</c>, <c>SCM_CREDENTIALS</c>,
/// <c>SCM_TIMESTAMPNS</c>, packet info, TTL/TOS, extended errors, UDP segment sizes) with the shim's
/// <c>CMSG_*</c> functions, so that alignment and padding are exactly the C library's.
/// </summary>
internal static unsafe class ControlMessages
{
    /// <summary><c>SCM_MAX_FD</c>: the most descriptors one <c>SCM_RIGHTS</c> message carries.</summary>
    public const int MaxDescriptors = 253;

    /// <summary>Bytes of control buffer that hold every typed value one datagram can carry at once: a timestamp,
    /// packet info, TOS, TTL, an extended error with its offender and a GRO segment size.</summary>
    public static readonly int TypedSpace = (int)(
        SystemCalls.CmsgSpace((nuint)sizeof(timespec))
        + SystemCalls.CmsgSpace((nuint)Math.Max(sizeof(in_pktinfo), sizeof(in6_pktinfo)))
        + 3 * SystemCalls.CmsgSpace(sizeof(int))
        + SystemCalls.CmsgSpace((nuint)(sizeof(sock_extended_err) + sizeof(sockaddr_in6))));

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

    /// <summary>Bytes of control buffer for the values set in <paramref name="control"/>.</summary>
    public static int Space(in DatagramControl control)
    {
        nuint space = 0;
        if (control.PacketInfo.HasValue)
        {
            space += SystemCalls.CmsgSpace((nuint)Math.Max(sizeof(in_pktinfo), sizeof(in6_pktinfo)));
        }
        space += (control.TimeToLive.HasValue ? 1u : 0u) * SystemCalls.CmsgSpace(sizeof(int));
        space += (control.TypeOfService.HasValue ? 1u : 0u) * SystemCalls.CmsgSpace(sizeof(int));
        space += (control.SegmentSize.HasValue ? 1u : 0u) * SystemCalls.CmsgSpace(sizeof(ushort));
        return (int)space;
    }

    /// <summary>Writes the control messages into the zeroed buffer that <paramref name="message"/> points at, sized
    /// by <see cref="Space(int, bool)"/> plus <see cref="Space(in DatagramControl)"/>.</summary>
    /// <param name="message">The message whose <c>msg_control</c>/<c>msg_controllen</c> describe the zeroed buffer.</param>
    /// <param name="descriptors">Descriptors for <c>SCM_RIGHTS</c>.</param>
    /// <param name="credentials">Credentials for <c>SCM_CREDENTIALS</c>.</param>
    /// <param name="control">IP-level values; IPv6 control messages when <paramref name="inet6"/>.</param>
    /// <param name="inet6">Whether the socket is <c>AF_INET6</c>.</param>
    public static void Write(msghdr* message, ReadOnlySpan<int> descriptors, UnixCredentials? credentials, in DatagramControl control, bool inet6)
    {
        cmsghdr* last = null;
        if (descriptors.Length > 0)
        {
            byte* data = Add(message, ref last, Libc.SOL_SOCKET, Libc.SCM_RIGHTS, descriptors.Length * sizeof(int));
            descriptors.CopyTo(new Span<int>(data, descriptors.Length));
        }
        if (credentials is UnixCredentials value)
        {
            *(ucred*)Add(message, ref last, Libc.SOL_SOCKET, Libc.SCM_CREDENTIALS, sizeof(ucred)) = value.ToNative();
        }
        if (control.PacketInfo is PacketInfo info)
        {
            if (inet6)
            {
                in6_pktinfo* native = (in6_pktinfo*)Add(message, ref last, Libc.IPPROTO_IPV6, Libc.IPV6_PKTINFO, sizeof(in6_pktinfo));
                native->ipi6_ifindex = (uint)info.InterfaceIndex;
                WriteAddress(info.Address, &native->ipi6_addr, sizeof(in6_addr));
            }
            else
            {
                in_pktinfo* native = (in_pktinfo*)Add(message, ref last, Libc.IPPROTO_IP, Libc.IP_PKTINFO, sizeof(in_pktinfo));
                native->ipi_ifindex = info.InterfaceIndex;
                WriteAddress(info.Address, &native->ipi_spec_dst, sizeof(in_addr));
            }
        }
        if (control.TimeToLive is int ttl)
        {
            *(int*)Add(message, ref last, inet6 ? Libc.IPPROTO_IPV6 : Libc.IPPROTO_IP, inet6 ? Libc.IPV6_HOPLIMIT : Libc.IP_TTL, sizeof(int)) = ttl;
        }
        if (control.TypeOfService is int tos)
        {
            *(int*)Add(message, ref last, inet6 ? Libc.IPPROTO_IPV6 : Libc.IPPROTO_IP, inet6 ? Libc.IPV6_TCLASS : Libc.IP_TOS, sizeof(int)) = tos;
        }
        if (control.SegmentSize is int segment)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segment, nameof(DatagramControl.SegmentSize));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(segment, ushort.MaxValue, nameof(DatagramControl.SegmentSize));
            *(ushort*)Add(message, ref last, Libc.SOL_UDP, Libc.UDP_SEGMENT, sizeof(ushort)) = (ushort)segment;
        }
    }

    /// <summary>Reads what <c>recvmsg</c> returned: every received descriptor is wrapped in an owning handle at
    /// once, so none leaks even if a later one is malformed.</summary>
    public static ReceivedControl Read(msghdr* message)
    {
        ReceivedControl found = default;
        nuint dataOffset = SystemCalls.CmsgLen(0);
        for (cmsghdr* header = SystemCalls.CmsgFirstHdr(message); header != null; header = SystemCalls.CmsgNxtHdr(message, header))
        {
            if (header->cmsg_len < dataOffset)
            {
                continue;
            }
            byte* data = SystemCalls.CmsgData(header);
            int length = (int)(header->cmsg_len - dataOffset);
            (int level, int type) = (header->cmsg_level, header->cmsg_type);
            if (level == Libc.SOL_SOCKET && type == Libc.SCM_RIGHTS)
            {
                found.Descriptors ??= new List<FileDescriptorHandle>();
                foreach (int fd in new ReadOnlySpan<int>(data, length / sizeof(int)))
                {
                    found.Descriptors.Add(new FileDescriptorHandle(fd, ownsHandle: true));
                }
            }
            else if (level == Libc.SOL_SOCKET && type == Libc.SCM_CREDENTIALS && length >= sizeof(ucred))
            {
                found.Credentials = UnixCredentials.FromNative(*(ucred*)data);
            }
            else if (level == Libc.SOL_SOCKET && type == Libc.SCM_TIMESTAMPNS && length >= sizeof(timespec))
            {
                found.Timestamp = new SocketTimestamp(((timespec*)data)->tv_sec, ((timespec*)data)->tv_nsec);
            }
            else if (level == Libc.IPPROTO_IP && type == Libc.IP_PKTINFO && length >= sizeof(in_pktinfo))
            {
                in_pktinfo* info = (in_pktinfo*)data;
                found.PacketInfo = new PacketInfo(new IPAddress(new ReadOnlySpan<byte>(&info->ipi_addr, sizeof(in_addr))), info->ipi_ifindex);
            }
            else if (level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_PKTINFO && length >= sizeof(in6_pktinfo))
            {
                in6_pktinfo* info = (in6_pktinfo*)data;
                found.PacketInfo = new PacketInfo(new IPAddress(new ReadOnlySpan<byte>(&info->ipi6_addr, sizeof(in6_addr))), (int)info->ipi6_ifindex);
            }
            else if (level == Libc.IPPROTO_IP && type == Libc.IP_TOS && length >= 1)
            {
                found.TypeOfService = *data;
            }
            else if ((level == Libc.IPPROTO_IP && type == Libc.IP_TTL || level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_HOPLIMIT) && length >= sizeof(int))
            {
                found.TimeToLive = *(int*)data;
            }
            else if (level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_TCLASS && length >= sizeof(int))
            {
                found.TypeOfService = *(int*)data;
            }
            else if ((level == Libc.IPPROTO_IP && type == Libc.IP_RECVERR || level == Libc.IPPROTO_IPV6 && type == Libc.IPV6_RECVERR)
                && length >= sizeof(sock_extended_err))
            {
                found.ExtendedError = ReadExtendedError((sock_extended_err*)data, length);
            }
            else if (level == Libc.SOL_UDP && type == Libc.UDP_GRO && length >= sizeof(int))
            {
                found.SegmentSize = *(int*)data;
            }
        }
        return found;
    }

    /// <summary>Closes the received descriptors beyond <paramref name="maxDescriptors"/> (the control buffer's
    /// alignment and the credentials' room can let more in than asked) and drops them from <paramref name="found"/>.</summary>
    /// <returns>True when some were closed: the caller reports <c>MSG_CTRUNC</c>, as the kernel does for those that did not fit.</returns>
    public static bool KeepAtMost(ref ReceivedControl found, int maxDescriptors)
    {
        if (found.Descriptors is not { } descriptors || descriptors.Count <= maxDescriptors)
        {
            return false;
        }
        for (int i = maxDescriptors; i < descriptors.Count; i++)
        {
            descriptors[i].Dispose();
        }
        descriptors.RemoveRange(maxDescriptors, descriptors.Count - maxDescriptors);
        return true;
    }

    /// <summary>Finds the first control message of <paramref name="level"/>/<paramref name="type"/> without
    /// allocating: its data and length.</summary>
    public static bool TryFind(msghdr* message, int level, int type, out byte* data, out int length)
    {
        nuint dataOffset = SystemCalls.CmsgLen(0);
        for (cmsghdr* header = SystemCalls.CmsgFirstHdr(message); header != null; header = SystemCalls.CmsgNxtHdr(message, header))
        {
            if (header->cmsg_level == level && header->cmsg_type == type && header->cmsg_len >= dataOffset)
            {
                data = SystemCalls.CmsgData(header);
                length = (int)(header->cmsg_len - dataOffset);
                return true;
            }
        }
        data = null;
        length = 0;
        return false;
    }

    /// <summary>Takes a reference on each handle and copies its number; <paramref name="added"/> counts the
    /// references taken, which <see cref="ReleaseAll"/> needs even after an exception.</summary>
    public static void AddRefAll(ReadOnlySpan<FileDescriptorHandle> handles, Span<int> numbers, ref int added)
    {
        for (int i = 0; i < handles.Length; i++)
        {
            if (handles[i] is null)
            {
                throw new ArgumentNullException("descriptors", $"sendmsg(SCM_RIGHTS): descriptor {i} of the list is null.");
            }
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

    private static byte* Add(msghdr* message, ref cmsghdr* last, int level, int type, int length)
    {
        cmsghdr* header = last == null ? SystemCalls.CmsgFirstHdr(message) : SystemCalls.CmsgNxtHdr(message, last);
        header->cmsg_level = level;
        header->cmsg_type = type;
        header->cmsg_len = SystemCalls.CmsgLen((nuint)length);
        last = header;
        return SystemCalls.CmsgData(header);
    }

    private static void WriteAddress(IPAddress address, void* destination, int size)
    {
        ArgumentNullException.ThrowIfNull(address, nameof(PacketInfo.Address));
        if (!address.TryWriteBytes(new Span<byte>(destination, size), out int written) || written != size)
        {
            throw new ArgumentException($"The packet info address {address} does not match the socket's family.", nameof(DatagramControl.PacketInfo));
        }
    }

    private static SocketExtendedError ReadExtendedError(sock_extended_err* error, int length)
    {
        int offenderLength = length - sizeof(sock_extended_err);
        EndPoint? offender = null;
        sockaddr_storage storage = default;
        if (offenderLength >= sizeof(ushort))
        {
            int family = *(ushort*)(error + 1);
            int needed = family == Libc.AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
            if (offenderLength >= needed && (family == Libc.AF_INET || family == Libc.AF_INET6))
            {
                Buffer.MemoryCopy(error + 1, &storage, sizeof(sockaddr_storage), needed);
                offender = SocketAddressCodec.Decode(&storage, (uint)needed);
            }
        }
        return new SocketExtendedError((int)error->ee_errno, (ExtendedErrorOrigin)error->ee_origin, error->ee_type, error->ee_code,
            error->ee_info, error->ee_data, offender);
    }
}
