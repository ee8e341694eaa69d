using System.Net;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>TCP_CORK, TCP_USER_TIMEOUT, TCP Fast Open and TCP_INFO on real loopback connections.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class TcpOptionTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void CorkAndUserTimeoutRoundTrip()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        socket.Options.Cork = true;
        socket.Options.UserTimeoutMilliseconds = 1500;

        Assert.True(socket.Options.Cork);
        Assert.Equal(1500, socket.Options.UserTimeoutMilliseconds);

        socket.Options.Cork = false;
        Assert.False(socket.Options.Cork);
    }

    [Fact]
    public void CorkedBytesArriveWhenUncorked()
    {
        (LinuxSocket client, LinuxSocket server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        {
            client.Options.Cork = true;
            client.SendAll("head"u8);
            client.SendAll("body"u8);
            client.Options.Cork = false;

            Assert.Equal("headbody"u8.ToArray(), Loopback.ReceiveExactly(server, 8));
        }
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void FastOpenListenerAndFastOpenConnectCarryData(string address)
    {
        IPAddress ip = IPAddress.Parse(address);
        using LinuxSocket listener = LinuxSocket.Create(SocketDomains.Of(ip), SocketKind.Stream);
        listener.Options.FastOpenQueueLength = 16;
        listener.Bind(new IPEndPoint(ip, 0));
        listener.Listen(16);
        Assert.Equal(16, listener.Options.FastOpenQueueLength);

        using LinuxSocket client = LinuxSocket.Create(SocketDomains.Of(ip), SocketKind.Stream);
        client.Options.FastOpenConnect = true;
        Assert.True(client.Options.FastOpenConnect);
        // With TCP_FASTOPEN_CONNECT, connect returns at once and the first send opens the connection (with the data
        // in the SYN when a cookie is cached, in the first segment otherwise): either way the bytes arrive.
        client.Connect(listener.LocalEndPoint!);
        client.SendAll("fast"u8);
        Loopback.AssertReady(listener, Kiwi.Net.Multiplexing.PollEvents.In);
        using LinuxSocket accepted = listener.Accept();

        Assert.Equal("fast"u8.ToArray(), Loopback.ReceiveExactly(accepted, 4));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void TcpInfoDescribesAnEstablishedConnection(string address)
    {
        (LinuxSocket client, LinuxSocket server) = Loopback.TcpPair(IPAddress.Parse(address));
        using (client)
        using (server)
        {
            client.SendAll(new byte[1000]);
            Loopback.ReceiveExactly(server, 1000);

            TcpInfo info = client.Options.TcpInfo;

            Assert.Equal(TcpState.Established, info.State);
            Assert.True(info.SendMss > 0 && info.AdvertisedMss > 0, $"mss {info.SendMss}/{info.AdvertisedMss}");
            Assert.True(info.CongestionWindow > 0);
            Assert.True(info.PathMtu >= 1280);
            Assert.True(info.RetransmissionTimeout > System.TimeSpan.Zero);
            // Linux negotiates window scaling on loopback; the scales come from the generated bit-field accessors.
            Assert.True(info.Options.HasFlag(TcpInfoOptions.WindowScale), $"options {info.Options}");
            Assert.InRange(info.ReceiveWindowScale, 1, 14);
            Assert.InRange(info.SendWindowScale, 1, 14);
            Assert.Equal(0, info.TotalRetransmits);
        }
    }

    [Fact]
    public void TcpInfoOfAListenerSaysListen()
    {
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback);
        Assert.Equal(TcpState.Listen, listener.Options.TcpInfo.State);
    }
}
