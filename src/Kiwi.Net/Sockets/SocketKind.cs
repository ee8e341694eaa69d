using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>The communication semantics of a socket: the <c>type</c> argument of <c>socket(2)</c> without flags.</summary>
public enum SocketKind
{
    /// <summary><c>SOCK_STREAM</c>: a reliable, ordered byte stream (TCP, or a Unix stream socket).</summary>
    Stream = Libc.SOCK_STREAM,

    /// <summary><c>SOCK_DGRAM</c>: datagrams (UDP, or a Unix datagram socket).</summary>
    Datagram = Libc.SOCK_DGRAM,

    /// <summary><c>SOCK_SEQPACKET</c>: reliable, ordered, connection-based datagrams with record boundaries.</summary>
    SeqPacket = Libc.SOCK_SEQPACKET,

    /// <summary><c>SOCK_RAW</c>: raw network protocol access (needs <c>CAP_NET_RAW</c>).</summary>
    Raw = Libc.SOCK_RAW,
}
