using Kiwi.Interop;

namespace Kiwi.Net;

public sealed partial class SocketOptions
{
    /// <summary><c>IP_TTL</c> (IPv4) or <c>IPV6_UNICAST_HOPS</c> (IPv6): the hop limit of unicast packets sent.</summary>
    public int TimeToLive
    {
        get => GetInt32(IpLevel, IsInet6 ? Libc.IPV6_UNICAST_HOPS : Libc.IP_TTL);
        set => SetInt32(IpLevel, IsInet6 ? Libc.IPV6_UNICAST_HOPS : Libc.IP_TTL, value);
    }

    /// <summary><c>IP_TOS</c> (IPv4) or <c>IPV6_TCLASS</c> (IPv6): the type-of-service / traffic-class byte of packets
    /// sent (DSCP in the upper six bits, ECN in the lower two).</summary>
    public int TypeOfService
    {
        get => GetInt32(IpLevel, IsInet6 ? Libc.IPV6_TCLASS : Libc.IP_TOS);
        set => SetInt32(IpLevel, IsInet6 ? Libc.IPV6_TCLASS : Libc.IP_TOS, value);
    }

    /// <summary><c>IP_PKTINFO</c> (IPv4) or <c>IPV6_RECVPKTINFO</c> (IPv6): each received datagram carries the address
    /// it was sent to and the interface it came in on (<see cref="ReceivedMessage.PacketInfo"/>).</summary>
    public bool ReceivePacketInfo
    {
        get => GetInt32(IpLevel, IsInet6 ? Libc.IPV6_RECVPKTINFO : Libc.IP_PKTINFO) != 0;
        set => SetInt32(IpLevel, IsInet6 ? Libc.IPV6_RECVPKTINFO : Libc.IP_PKTINFO, value ? 1 : 0);
    }

    /// <summary><c>IP_RECVTTL</c> (IPv4) or <c>IPV6_RECVHOPLIMIT</c> (IPv6): each received datagram carries the hop
    /// limit it arrived with (<see cref="ReceivedMessage.TimeToLive"/>).</summary>
    public bool ReceiveTimeToLive
    {
        get => GetInt32(IpLevel, IsInet6 ? Libc.IPV6_RECVHOPLIMIT : Libc.IP_RECVTTL) != 0;
        set => SetInt32(IpLevel, IsInet6 ? Libc.IPV6_RECVHOPLIMIT : Libc.IP_RECVTTL, value ? 1 : 0);
    }

    /// <summary><c>IP_RECVTOS</c> (IPv4) or <c>IPV6_RECVTCLASS</c> (IPv6): each received datagram carries its
    /// type-of-service / traffic-class byte (<see cref="ReceivedMessage.TypeOfService"/>).</summary>
    public bool ReceiveTypeOfService
    {
        get => GetInt32(IpLevel, IsInet6 ? Libc.IPV6_RECVTCLASS : Libc.IP_RECVTOS) != 0;
        set => SetInt32(IpLevel, IsInet6 ? Libc.IPV6_RECVTCLASS : Libc.IP_RECVTOS, value ? 1 : 0);
    }

    /// <summary><c>IP_RECVERR</c> (IPv4) or <c>IPV6_RECVERR</c> (IPv6): ICMP errors for this socket's datagrams are
    /// queued, read with <see cref="MessageFlags.ErrorQueue"/> as <see cref="ReceivedMessage.ExtendedError"/>.</summary>
    public bool ReceiveErrors
    {
        get => GetInt32(IpLevel, IsInet6 ? Libc.IPV6_RECVERR : Libc.IP_RECVERR) != 0;
        set => SetInt32(IpLevel, IsInet6 ? Libc.IPV6_RECVERR : Libc.IP_RECVERR, value ? 1 : 0);
    }

    private bool IsInet6 => Domain == SocketDomain.Inet6;

    private int IpLevel => IsInet6 ? Libc.IPPROTO_IPV6 : Libc.IPPROTO_IP;
}
