using System;
using Kiwi.Interop;

namespace Kiwi.Net.Multiplexing;

/// <summary>The <c>EPOLL*</c> flags of <c>epoll_ctl(2)</c> (interest and modes) and <c>epoll_wait(2)</c>
/// (what happened). <see cref="Error"/> and <see cref="HangUp"/> are always reported.</summary>
[Flags]
public enum EpollEvents : uint
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>EPOLLIN</c>: data to read (or a connection to accept, or end of stream).</summary>
    In = Libc.EPOLLIN,

    /// <summary><c>EPOLLPRI</c>: exceptional condition, e.g. urgent (out-of-band) TCP data.</summary>
    Priority = Libc.EPOLLPRI,

    /// <summary><c>EPOLLOUT</c>: writing will not block.</summary>
    Out = Libc.EPOLLOUT,

    /// <summary><c>EPOLLERR</c>: an error is pending (reported only).</summary>
    Error = Libc.EPOLLERR,

    /// <summary><c>EPOLLHUP</c>: hang-up, both directions closed (reported only).</summary>
    HangUp = Libc.EPOLLHUP,

    /// <summary><c>EPOLLRDNORM</c>: normal data to read.</summary>
    ReadNormal = Libc.EPOLLRDNORM,

    /// <summary><c>EPOLLRDBAND</c>: priority-band data to read.</summary>
    ReadBand = Libc.EPOLLRDBAND,

    /// <summary><c>EPOLLWRNORM</c>: normal data may be written.</summary>
    WriteNormal = Libc.EPOLLWRNORM,

    /// <summary><c>EPOLLWRBAND</c>: priority-band data may be written.</summary>
    WriteBand = Libc.EPOLLWRBAND,

    /// <summary><c>EPOLLMSG</c>: unused by Linux.</summary>
    Message = Libc.EPOLLMSG,

    /// <summary><c>EPOLLRDHUP</c>: the peer shut down its writing side (a half-close).</summary>
    ReadHangUp = Libc.EPOLLRDHUP,

    /// <summary><c>EPOLLEXCLUSIVE</c>: when several epoll instances watch one descriptor, wake only one of them
    /// (only with <see cref="EpollHandle.Add(int, EpollEvents, ulong)"/>, never with Modify).</summary>
    Exclusive = Libc.EPOLLEXCLUSIVE,

    /// <summary><c>EPOLLWAKEUP</c>: keep the system from suspending while the event is pending (needs <c>CAP_BLOCK_SUSPEND</c>).</summary>
    WakeUp = Libc.EPOLLWAKEUP,

    /// <summary><c>EPOLLONESHOT</c>: report once, then disable until re-armed with Modify.</summary>
    OneShot = Libc.EPOLLONESHOT,

    /// <summary><c>EPOLLET</c>: edge-triggered: report a change of state once, not a state for as long as it lasts.</summary>
    EdgeTriggered = Libc.EPOLLET,
}
