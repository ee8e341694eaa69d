using System.Net;
using Kiwi.Interop;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>Every typed option reads back what was set.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SocketOptionTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void BooleanOptionsRoundTrip()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        SocketOptions options = socket.Options;

        foreach (bool value in new[] { true, false })
        {
            options.ReuseAddress = value;
            options.ReusePort = value;
            options.NoDelay = value;
            options.KeepAlive = value;
            options.OutOfBandInline = value;

            Assert.Equal(value, options.ReuseAddress);
            Assert.Equal(value, options.ReusePort);
            Assert.Equal(value, options.NoDelay);
            Assert.Equal(value, options.KeepAlive);
            Assert.Equal(value, options.OutOfBandInline);
        }
    }

    [Fact]
    public void KeepAliveTimingRoundTrips()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet6, SocketKind.Stream);
        socket.Options.KeepAlive = true;
        socket.Options.KeepAliveIdleSeconds = 42;
        socket.Options.KeepAliveIntervalSeconds = 7;
        socket.Options.KeepAliveCount = 3;

        Assert.Equal(42, socket.Options.KeepAliveIdleSeconds);
        Assert.Equal(7, socket.Options.KeepAliveIntervalSeconds);
        Assert.Equal(3, socket.Options.KeepAliveCount);
    }

    [Fact]
    public void LingerRoundTrips()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        Assert.Equal(new SocketLinger(false, 0), socket.Options.Linger);
        socket.Options.Linger = new SocketLinger(true, 5);
        Assert.Equal(new SocketLinger(true, 5), socket.Options.Linger);
    }

    [Fact]
    public void BufferSizesAreDoubledByLinux()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        socket.Options.ReceiveBufferSize = 32 * 1024;
        socket.Options.SendBufferSize = 48 * 1024;
        Assert.Equal(64 * 1024, socket.Options.ReceiveBufferSize);
        Assert.Equal(96 * 1024, socket.Options.SendBufferSize);
    }

    [Fact]
    public void Ipv6OnlyRoundTrips()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet6, SocketKind.Stream);
        socket.Options.IPv6Only = true;
        Assert.True(socket.Options.IPv6Only);
        socket.Options.IPv6Only = false;
        Assert.False(socket.Options.IPv6Only);
    }

    [Fact]
    public void DualStackListenerAcceptsIpv4AsMappedAddress()
    {
        using LinuxSocket listener = LinuxSocket.Create(SocketDomain.Inet6, SocketKind.Stream);
        listener.Options.IPv6Only = false;
        listener.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        listener.Listen(4);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);

        client.Connect(new IPEndPoint(IPAddress.Loopback, port));
        using LinuxSocket accepted = listener.Accept(out EndPoint? peer);

        IPEndPoint remote = Assert.IsType<IPEndPoint>(peer);
        Assert.True(remote.Address.IsIPv4MappedToIPv6);
        Assert.Equal(IPAddress.Loopback, remote.Address.MapToIPv4());
    }

    [Fact]
    public void StateOptionsDescribeTheSocket()
    {
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback);
        using LinuxSocket datagram = LinuxSocket.Create(SocketDomain.Inet6, SocketKind.Datagram);

        Assert.True(listener.Options.IsListening);
        Assert.False(datagram.Options.IsListening);
        Assert.Equal(SocketDomain.Inet, listener.Options.Domain);
        Assert.Equal(SocketKind.Stream, listener.Options.Kind);
        Assert.Equal(SocketDomain.Inet6, datagram.Options.Domain);
        Assert.Equal(SocketKind.Datagram, datagram.Options.Kind);
        Assert.Equal(0, listener.Options.PendingError);
    }

    [Fact]
    public void UnixCredentialOptions()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            first.Options.PassCredentials = true;
            Assert.True(first.Options.PassCredentials);
            Assert.Equal(UnixCredentials.OfThisProcess(), second.Options.PeerCredentials);
        }
    }

    [Fact]
    public void AnOptionTheProtocolLacksIsAnErrnoException()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            ErrnoException e = Assert.Throws<ErrnoException>(() => first.Options.NoDelay = true);
            Assert.Equal("setsockopt", e.Call);
            Assert.Equal(Libc.EOPNOTSUPP, e.Errno);
        }
    }

    [Fact]
    public void RawOptionAccessReachesAnyOption()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        socket.Options.SetInt32(Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 1);
        Assert.True(socket.Options.NoDelay);
        System.Span<byte> value = stackalloc byte[4];
        Assert.Equal(4, socket.Options.Get(Libc.SOL_SOCKET, Libc.SO_TYPE, value));
        Assert.Equal(Libc.SOCK_STREAM, System.BitConverter.ToInt32(value));
    }
}
