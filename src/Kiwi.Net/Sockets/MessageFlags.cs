using System;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>The <c>MSG_*</c> flags of <c>send(2)</c>/<c>recv(2)</c>/<c>sendmsg(2)</c>/<c>recvmsg(2)</c>, and the
/// flags <c>recvmsg</c> reports back.</summary>
[Flags]
public enum MessageFlags
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary><c>MSG_OOB</c>: send or receive the urgent (out-of-band) byte.</summary>
    OutOfBand = Libc.MSG_OOB,

    /// <summary><c>MSG_PEEK</c>: receive without removing the data from the queue.</summary>
    Peek = Libc.MSG_PEEK,

    /// <summary><c>MSG_DONTROUTE</c>: send only to directly connected hosts.</summary>
    DontRoute = Libc.MSG_DONTROUTE,

    /// <summary><c>MSG_CTRUNC</c> (reported): control data was cut because the control buffer was too small.</summary>
    ControlTruncated = Libc.MSG_CTRUNC,

    /// <summary><c>MSG_TRUNC</c>: (reported) a datagram was longer than the buffer; (requested) return its real length.</summary>
    Truncated = Libc.MSG_TRUNC,

    /// <summary><c>MSG_DONTWAIT</c>: this call alone behaves as on a non-blocking socket.</summary>
    DontWait = Libc.MSG_DONTWAIT,

    /// <summary><c>MSG_EOR</c>: end of a record (<c>SOCK_SEQPACKET</c>).</summary>
    EndOfRecord = Libc.MSG_EOR,

    /// <summary><c>MSG_WAITALL</c>: wait until the whole buffer is filled (or an error, signal or shutdown).</summary>
    WaitAll = Libc.MSG_WAITALL,

    /// <summary><c>MSG_CONFIRM</c>: tell the link layer the peer answered (datagram sockets).</summary>
    Confirm = Libc.MSG_CONFIRM,

    /// <summary><c>MSG_ERRQUEUE</c>: receive queued errors from the error queue.</summary>
    ErrorQueue = Libc.MSG_ERRQUEUE,

    /// <summary><c>MSG_NOSIGNAL</c>: no <c>SIGPIPE</c> when the peer has closed; <c>EPIPE</c> is returned.</summary>
    NoSignal = Libc.MSG_NOSIGNAL,

    /// <summary><c>MSG_MORE</c>: more data follows; let TCP hold this piece back.</summary>
    More = Libc.MSG_MORE,

    /// <summary><c>MSG_WAITFORONE</c> (<c>recvmmsg</c>): return as soon as one datagram has been received; the batch
    /// calls always pass it.</summary>
    WaitForOne = Libc.MSG_WAITFORONE,

    /// <summary><c>MSG_CMSG_CLOEXEC</c>: descriptors received with <c>SCM_RIGHTS</c> are close-on-exec.</summary>
    ControlCloseOnExec = Libc.MSG_CMSG_CLOEXEC,
}
