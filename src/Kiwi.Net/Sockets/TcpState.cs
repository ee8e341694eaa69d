using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>The state of a TCP connection as <c>TCP_INFO</c> reports it (<c>tcpi_state</c>).</summary>
public enum TcpState
{
    /// <summary><c>TCP_ESTABLISHED</c>.</summary>
    Established = Libc.TCP_ESTABLISHED,

    /// <summary><c>TCP_SYN_SENT</c>.</summary>
    SynSent = Libc.TCP_SYN_SENT,

    /// <summary><c>TCP_SYN_RECV</c>.</summary>
    SynReceived = Libc.TCP_SYN_RECV,

    /// <summary><c>TCP_FIN_WAIT1</c>.</summary>
    FinWait1 = Libc.TCP_FIN_WAIT1,

    /// <summary><c>TCP_FIN_WAIT2</c>.</summary>
    FinWait2 = Libc.TCP_FIN_WAIT2,

    /// <summary><c>TCP_TIME_WAIT</c>.</summary>
    TimeWait = Libc.TCP_TIME_WAIT,

    /// <summary><c>TCP_CLOSE</c>: closed, or never connected.</summary>
    Closed = Libc.TCP_CLOSE,

    /// <summary><c>TCP_CLOSE_WAIT</c>: the peer has shut down its side.</summary>
    CloseWait = Libc.TCP_CLOSE_WAIT,

    /// <summary><c>TCP_LAST_ACK</c>.</summary>
    LastAck = Libc.TCP_LAST_ACK,

    /// <summary><c>TCP_LISTEN</c>.</summary>
    Listen = Libc.TCP_LISTEN,

    /// <summary><c>TCP_CLOSING</c>.</summary>
    Closing = Libc.TCP_CLOSING,
}
