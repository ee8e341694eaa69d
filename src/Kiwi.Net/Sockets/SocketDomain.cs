using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>The address family of a socket: the <c>domain</c> argument of <c>socket(2)</c>.</summary>
public enum SocketDomain
{
    /// <summary><c>AF_UNSPEC</c>: no family (as reported for an unnamed address).</summary>
    Unspecified = Libc.AF_UNSPEC,

    /// <summary><c>AF_INET</c>: IPv4.</summary>
    Inet = Libc.AF_INET,

    /// <summary><c>AF_INET6</c>: IPv6.</summary>
    Inet6 = Libc.AF_INET6,

    /// <summary><c>AF_UNIX</c>: local sockets named by a path or an abstract name.</summary>
    Unix = Libc.AF_UNIX,
}
