using System;
using System.Net;
using System.Net.Sockets;
using Kiwi.Interop;

namespace Kiwi.Net;

public sealed partial class SocketOptions
{
    /// <summary><c>IP_MULTICAST_TTL</c> (IPv4) or <c>IPV6_MULTICAST_HOPS</c> (IPv6): the hop limit of multicast
    /// datagrams sent (default 1: this subnet only).</summary>
    public int MulticastTimeToLive
    {
        get => GetInt32(IpLevel, IsInet6 ? Libc.IPV6_MULTICAST_HOPS : Libc.IP_MULTICAST_TTL);
        set => SetInt32(IpLevel, IsInet6 ? Libc.IPV6_MULTICAST_HOPS : Libc.IP_MULTICAST_TTL, value);
    }

    /// <summary><c>IP_MULTICAST_LOOP</c> (IPv4) or <c>IPV6_MULTICAST_LOOP</c> (IPv6): multicast datagrams sent are
    /// also delivered to members on this host (default on).</summary>
    public bool MulticastLoopback
    {
        get => GetInt32(IpLevel, IsInet6 ? Libc.IPV6_MULTICAST_LOOP : Libc.IP_MULTICAST_LOOP) != 0;
        set => SetInt32(IpLevel, IsInet6 ? Libc.IPV6_MULTICAST_LOOP : Libc.IP_MULTICAST_LOOP, value ? 1 : 0);
    }

    /// <summary>Sends multicast through interface <paramref name="interfaceIndex"/>: <c>IP_MULTICAST_IF</c> with a
    /// <c>struct ip_mreqn</c> (IPv4) or <c>IPV6_MULTICAST_IF</c> (IPv6).</summary>
    /// <param name="interfaceIndex">An index from <see cref="NetworkInterfaceIndex.Of"/>; 0 lets routing choose.</param>
    public unsafe void SetMulticastInterface(int interfaceIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(interfaceIndex);
        if (IsInet6)
        {
            SetInt32(Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_IF, interfaceIndex);
            return;
        }
        ip_mreqn request = new() { imr_ifindex = interfaceIndex };
        Set(Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, new ReadOnlySpan<byte>(&request, sizeof(ip_mreqn)));
    }

    /// <summary>Sends IPv4 multicast from the interface that has <paramref name="localAddress"/>
    /// (<c>IP_MULTICAST_IF</c> with a <c>struct in_addr</c>).</summary>
    /// <param name="localAddress">An IPv4 address of this host.</param>
    public unsafe void SetMulticastInterface(IPAddress localAddress)
    {
        in_addr address = InAddr(localAddress, nameof(localAddress));
        Set(Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, new ReadOnlySpan<byte>(&address, sizeof(in_addr)));
    }

    /// <summary>The interface IPv6 multicast is sent from (<c>IPV6_MULTICAST_IF</c>), 0 when routing chooses; on an
    /// IPv4 socket the interface's address (<c>IP_MULTICAST_IF</c>) is <see cref="MulticastInterfaceAddress"/>.</summary>
    public int MulticastInterfaceIndex => GetInt32(Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_IF);

    /// <summary>The local address IPv4 multicast is sent from (<c>IP_MULTICAST_IF</c>), <see cref="IPAddress.Any"/>
    /// when routing chooses.</summary>
    public unsafe IPAddress MulticastInterfaceAddress
    {
        get
        {
            in_addr address = default;
            Get(Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, new Span<byte>(&address, sizeof(in_addr)));
            return new IPAddress(new ReadOnlySpan<byte>(&address, sizeof(in_addr)));
        }
    }

    /// <summary><c>MCAST_JOIN_GROUP</c>/<c>MCAST_LEAVE_GROUP</c> with a <c>struct group_req</c>, for either family.</summary>
    internal unsafe void ChangeMembership(IPAddress group, int interfaceIndex, bool join)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(interfaceIndex);
        RequireMulticast(group);
        group_req request = new() { gr_interface = (uint)interfaceIndex };
        SocketAddressCodec.Encode(new IPEndPoint(group, 0), &request.gr_group);
        int level = group.AddressFamily == AddressFamily.InterNetworkV6 ? Libc.IPPROTO_IPV6 : Libc.IPPROTO_IP;
        Set(level, join ? Libc.MCAST_JOIN_GROUP : Libc.MCAST_LEAVE_GROUP, new ReadOnlySpan<byte>(&request, sizeof(group_req)));
    }

    /// <summary><c>IP_ADD_MEMBERSHIP</c>/<c>IP_DROP_MEMBERSHIP</c> with a <c>struct ip_mreqn</c> naming the local address.</summary>
    internal unsafe void ChangeMembership(IPAddress group, IPAddress localAddress, bool join)
    {
        RequireMulticast(group);
        ip_mreqn request = new()
        {
            imr_multiaddr = InAddr(group, nameof(group)),
            imr_address = InAddr(localAddress, nameof(localAddress)),
        };
        Set(Libc.IPPROTO_IP, join ? Libc.IP_ADD_MEMBERSHIP : Libc.IP_DROP_MEMBERSHIP, new ReadOnlySpan<byte>(&request, sizeof(ip_mreqn)));
    }

    private static void RequireMulticast(IPAddress group)
    {
        ArgumentNullException.ThrowIfNull(group);
        bool multicast = group.AddressFamily == AddressFamily.InterNetworkV6
            ? group.IsIPv6Multicast
            : group.AddressFamily == AddressFamily.InterNetwork && (group.GetAddressBytes()[0] & 0xF0) == 0xE0;
        if (!multicast)
        {
            throw new ArgumentException($"{group} is not a multicast address (224.0.0.0/4 or ff00::/8).", nameof(group));
        }
    }

    private static unsafe in_addr InAddr(IPAddress address, string parameter)
    {
        ArgumentNullException.ThrowIfNull(address, parameter);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address.", parameter);
        }
        in_addr value = default;
        address.TryWriteBytes(new Span<byte>(&value, sizeof(in_addr)), out _);
        return value;
    }
}
