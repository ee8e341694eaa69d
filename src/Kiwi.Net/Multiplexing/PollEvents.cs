using System;
using Kiwi.Interop;

namespace Kiwi.Net.Multiplexing;

/// <summary>The <c>POLL*</c> flags of <c>poll(2)</c>: what to wait for (<c>events</c>) and what happened
/// (<c>revents</c>). <see cref="Error"/>, <see cref="HangUp"/> and <see cref="Invalid"/> are always reported.</summary>
[Flags]
public enum PollEvents : short
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>POLLIN</c>: data to read (or a connection to accept, or end of stream).</summary>
    In = Libc.POLLIN,

    /// <summary><c>POLLPRI</c>: exceptional condition, e.g. urgent (out-of-band) TCP data.</summary>
    Priority = Libc.POLLPRI,

    /// <summary><c>POLLOUT</c>: writing will not block (a connect has completed).</summary>
    Out = Libc.POLLOUT,

    /// <summary><c>POLLERR</c>: an error is pending (reported only).</summary>
    Error = Libc.POLLERR,

    /// <summary><c>POLLHUP</c>: hang-up, both directions closed (reported only).</summary>
    HangUp = Libc.POLLHUP,

    /// <summary><c>POLLNVAL</c>: the descriptor is not open (reported only).</summary>
    Invalid = Libc.POLLNVAL,

    /// <summary><c>POLLRDNORM</c>: normal data to read.</summary>
    ReadNormal = Libc.POLLRDNORM,

    /// <summary><c>POLLRDBAND</c>: priority-band data to read.</summary>
    ReadBand = Libc.POLLRDBAND,

    /// <summary><c>POLLWRNORM</c>: normal data may be written.</summary>
    WriteNormal = Libc.POLLWRNORM,

    /// <summary><c>POLLWRBAND</c>: priority-band data may be written.</summary>
    WriteBand = Libc.POLLWRBAND,

    /// <summary><c>POLLMSG</c>: unused by Linux.</summary>
    Message = Libc.POLLMSG,

    /// <summary><c>POLLREMOVE</c>: unused by Linux (a Solaris /dev/poll request).</summary>
    Remove = Libc.POLLREMOVE,

    /// <summary><c>POLLRDHUP</c>: the peer shut down its writing side (a half-close).</summary>
    ReadHangUp = Libc.POLLRDHUP,
}
