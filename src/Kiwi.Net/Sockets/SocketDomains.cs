using System;
using System.Net;
using System.Net.Sockets;

namespace Kiwi.Net;

/// <summary>
/// The <see cref="SocketDomain"/> (<c>AF_*</c> for <c>socket(2)</c>) that serves an address of .NET's
/// <see cref="AddressFamily"/>: the one place the library, the examples and the tests decide it.
/// </summary>
public static class SocketDomains
{
    /// <summary>The domain of <paramref name="family"/>: <c>AF_INET</c>, <c>AF_INET6</c> or <c>AF_UNIX</c>.</summary>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/>, <see cref="AddressFamily.InterNetworkV6"/> or <see cref="AddressFamily.Unix"/>.</param>
    /// <exception cref="ArgumentException">Any other family, which Kiwi.Net's sockets do not speak.</exception>
    public static SocketDomain Of(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => SocketDomain.Inet,
        AddressFamily.InterNetworkV6 => SocketDomain.Inet6,
        AddressFamily.Unix => SocketDomain.Unix,
        _ => throw new ArgumentException($"No socket domain for the address family {family}.", nameof(family)),
    };

    /// <summary>The domain to create a socket in that binds or connects to <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">An <see cref="IPEndPoint"/> or a <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <exception cref="ArgumentException">The end point's family is none of IPv4, IPv6, Unix.</exception>
    public static SocketDomain Of(EndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return Of(endPoint.AddressFamily);
    }

    /// <summary>The domain of <paramref name="address"/>: <c>AF_INET</c> or <c>AF_INET6</c>.</summary>
    /// <param name="address">An IPv4 or IPv6 address.</param>
    public static SocketDomain Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Of(address.AddressFamily);
    }
}
