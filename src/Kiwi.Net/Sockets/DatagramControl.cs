namespace Kiwi.Net;

/// <summary>
/// Typed ancillary data for one <c>sendmsg(2)</c> (<see cref="LinuxSocket.SendMessage"/>): each value that is set
/// becomes one control message for this datagram alone, overriding the socket's option.
/// </summary>
public readonly record struct DatagramControl
{
    /// <summary><c>IP_PKTINFO</c>/<c>IPV6_PKTINFO</c>: the source address and/or interface to send from.</summary>
    public PacketInfo? PacketInfo { get; init; }

    /// <summary><c>IP_TTL</c>/<c>IPV6_HOPLIMIT</c>: the hop limit of this datagram.</summary>
    public int? TimeToLive { get; init; }

    /// <summary><c>IP_TOS</c>/<c>IPV6_TCLASS</c>: the type-of-service / traffic-class byte of this datagram.</summary>
    public int? TypeOfService { get; init; }

    /// <summary><c>UDP_SEGMENT</c>: cut this send into datagrams of this many bytes (UDP generic segmentation offload).</summary>
    public int? SegmentSize { get; init; }

    internal bool IsEmpty => PacketInfo is null && TimeToLive is null && TypeOfService is null && SegmentSize is null;
}
