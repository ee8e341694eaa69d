using System;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>The <c>SPLICE_F_*</c> flags of <c>splice(2)</c>.</summary>
[Flags]
public enum SpliceFlags
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary><c>SPLICE_F_MOVE</c>: move pages instead of copying (a hint).</summary>
    Move = Libc.SPLICE_F_MOVE,

    /// <summary><c>SPLICE_F_NONBLOCK</c>: do not block on the pipe (the other descriptor's own mode still applies).</summary>
    NonBlock = Libc.SPLICE_F_NONBLOCK,

    /// <summary><c>SPLICE_F_MORE</c>: more data follows (like <c>MSG_MORE</c> on a socket).</summary>
    More = Libc.SPLICE_F_MORE,
}
