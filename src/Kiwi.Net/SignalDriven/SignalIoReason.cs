using Kiwi.Interop;

namespace Kiwi.Net.SignalDriven;

/// <summary>Why a descriptor was reported: the <c>si_code</c> of the queued real-time signal (<c>POLL_IN</c> …
/// <c>POLL_HUP</c> from <c>&lt;signal.h&gt;</c>; one value each, not flags), or <see cref="Polled"/> when no signal
/// named it.</summary>
public enum SignalIoReason
{
    /// <summary>No signal named the descriptor: <c>poll(2)</c> found it ready, at registration (data that arrived
    /// before <c>O_ASYNC</c> was on raises no signal) or in the re-poll after the real-time queue overflowed
    /// (plain <c>SIGIO</c>) or on <see cref="SignalDrivenIo.RequestRepoll"/>.</summary>
    Polled = 0,

    /// <summary><c>POLL_IN</c>: input available (data, a connection to accept, end of stream).</summary>
    In = Libc.POLL_IN,

    /// <summary><c>POLL_OUT</c>: output buffers available (after a write had found them full).</summary>
    Out = Libc.POLL_OUT,

    /// <summary><c>POLL_MSG</c>: input message available.</summary>
    Message = Libc.POLL_MSG,

    /// <summary><c>POLL_ERR</c>: I/O error.</summary>
    Error = Libc.POLL_ERR,

    /// <summary><c>POLL_PRI</c>: high-priority input (urgent TCP data).</summary>
    Priority = Libc.POLL_PRI,

    /// <summary><c>POLL_HUP</c>: device or peer disconnected.</summary>
    HangUp = Libc.POLL_HUP,
}
