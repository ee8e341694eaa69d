using System;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>SocketDomains.Of picks the AF_* a socket needs for an address, and refuses families Kiwi.Net does not speak.</summary>
public sealed class SocketDomainsTests
{
    [Fact]
    public void EachSupportedFamilyMapsToItsDomain()
    {
        Assert.Equal(SocketDomain.Inet, SocketDomains.Of(new IPEndPoint(IPAddress.Loopback, 0)));
        Assert.Equal(SocketDomain.Inet6, SocketDomains.Of(new IPEndPoint(IPAddress.IPv6Loopback, 0)));
        Assert.Equal(SocketDomain.Unix, SocketDomains.Of(new UnixDomainSocketEndPoint(Path.Combine(Path.GetTempPath(), "kiwi-domain.sock"))));
        Assert.Equal(SocketDomain.Inet6, SocketDomains.Of(IPAddress.IPv6Any));
        Assert.Equal(SocketDomain.Inet, SocketDomains.Of(AddressFamily.InterNetwork));
    }

    [Fact]
    public void TheDomainCreatesASocketThatBindsTheAddress()
    {
        IPEndPoint address = new(IPAddress.Loopback, 0);
        using LinuxSocket socket = LinuxSocket.Create(SocketDomains.Of(address), SocketKind.Stream);
        socket.Bind(address);
        Assert.Equal(AddressFamily.InterNetwork, socket.LocalEndPoint!.AddressFamily);
    }

    [Fact]
    public void AnUnsupportedFamilyIsAnArgumentException()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => SocketDomains.Of(AddressFamily.AppleTalk));
        Assert.Contains("AppleTalk", error.Message);
        Assert.Throws<ArgumentNullException>(() => SocketDomains.Of((EndPoint)null!));
    }
}
