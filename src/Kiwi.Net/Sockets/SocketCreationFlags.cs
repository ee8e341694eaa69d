using System;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>Flags OR-ed into the <c>type</c> of <c>socket(2)</c>/<c>socketpair(2)</c> and the <c>flags</c> of
/// <c>accept4(2)</c>.</summary>
[Flags]
public enum SocketCreationFlags
{
    /// <summary>A blocking descriptor that stays open across <c>exec</c>.</summary>
    None = 0,

    /// <summary><c>SOCK_NONBLOCK</c>: calls that would wait return <c>EAGAIN</c> instead.</summary>
    NonBlocking = Libc.SOCK_NONBLOCK,

    /// <summary><c>SOCK_CLOEXEC</c>: closed in a child after <c>exec</c> (the default in Kiwi.Net).</summary>
    CloseOnExec = Libc.SOCK_CLOEXEC,
}
