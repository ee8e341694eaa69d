using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>The seed's flow (socket/bind/listen/accept, connect, bytes both ways, close) over every family.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class EndToEndTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void Ipv4ServerBoundToAnyAddressTalksToLoopbackClient()
    {
        using LinuxSocket server = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        server.Options.ReuseAddress = true;
        server.Bind(new IPEndPoint(IPAddress.Any, 0));
        server.Listen(50);
        int port = ((IPEndPoint)server.LocalEndPoint!).Port;
        Assert.Equal(IPAddress.Any, ((IPEndPoint)server.LocalEndPoint!).Address);

        RunConversation(server, SocketDomain.Inet, new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public void Ipv6ServerTalksToClientOnLoopback()
    {
        using LinuxSocket server = LinuxSocket.Create(SocketDomain.Inet6, SocketKind.Stream);
        server.Options.IPv6Only = true;
        server.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        server.Listen(50);
        IPEndPoint local = (IPEndPoint)server.LocalEndPoint!;
        Assert.Equal(IPAddress.IPv6Loopback, local.Address);

        RunConversation(server, SocketDomain.Inet6, local);
    }

    [Fact]
    public void UnixPathServerTalksToClient()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kiwi-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        try
        {
            using LinuxSocket server = LinuxSocket.Create(SocketDomain.Unix, SocketKind.Stream);
            UnixDomainSocketEndPoint endPoint = new(path);
            server.Bind(endPoint);
            server.Listen(50);
            Assert.Equal(endPoint, server.LocalEndPoint);
            Assert.True(File.Exists(path));

            RunConversation(server, SocketDomain.Unix, endPoint);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnixAbstractNameServerTalksToClient()
    {
        UnixDomainSocketEndPoint endPoint = new($"\0kiwi-{Environment.ProcessId}-{Guid.NewGuid():N}");
        using LinuxSocket server = LinuxSocket.Create(SocketDomain.Unix, SocketKind.Stream);
        server.Bind(endPoint);
        server.Listen(50);
        Assert.Equal(endPoint, server.LocalEndPoint);

        RunConversation(server, SocketDomain.Unix, endPoint);
    }

    [Fact]
    public void UdpDatagramsCarryTheirSendersAddress()
    {
        using LinuxSocket receiver = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        Assert.Equal(5, sender.SendTo("hello"u8, receiver.LocalEndPoint!));
        Loopback.AssertReady(receiver, PollEvents.In);
        byte[] buffer = new byte[64];
        int n = receiver.ReceiveFrom(buffer, out EndPoint? from);

        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Equal(sender.LocalEndPoint, from);
    }

    [Fact]
    public void UnixDatagramFromUnnamedSenderHasNoAddress()
    {
        UnixDomainSocketEndPoint endPoint = new($"\0kiwi-dgram-{Guid.NewGuid():N}");
        using LinuxSocket receiver = LinuxSocket.Create(SocketDomain.Unix, SocketKind.Datagram);
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Unix, SocketKind.Datagram);
        receiver.Bind(endPoint);

        sender.SendTo("ping"u8, endPoint);
        Loopback.AssertReady(receiver, PollEvents.In);
        byte[] buffer = new byte[16];
        int n = receiver.ReceiveFrom(buffer, out EndPoint? from);

        Assert.Equal("ping", Encoding.ASCII.GetString(buffer, 0, n));
        // An unbound sender has no address (msg_namelen 0); its own getsockname reports an empty path.
        Assert.Null(from);
        Assert.Equal(string.Empty, Assert.IsType<UnixDomainSocketEndPoint>(sender.LocalEndPoint).ToString());
    }

    [Fact]
    public void SeqPacketPairKeepsRecordBoundaries()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.SeqPacket);
        using (first)
        using (second)
        {
            first.Send("one"u8);
            first.Send("three"u8);
            byte[] buffer = new byte[16];
            Assert.Equal(3, second.Receive(buffer));
            Assert.Equal(5, second.Receive(buffer));
            Assert.Equal(SocketKind.SeqPacket, second.Options.Kind);
            Assert.Equal(SocketDomain.Unix, second.Options.Domain);
        }
    }

    [Fact]
    public void ShutdownWriteIsAHalfClose()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        {
            client.Shutdown(ShutdownHow.Write);
            Loopback.AssertReady(server, PollEvents.In);
            Assert.Equal(0, server.Receive(new byte[8]));

            // The other direction still flows.
            server.SendAll("still here"u8);
            Assert.Equal("still here", Encoding.ASCII.GetString(Loopback.ReceiveExactly(client, 10)));
        }
    }

    private static void RunConversation(LinuxSocket server, SocketDomain domain, EndPoint connectTo)
    {
        using LinuxSocket client = LinuxSocket.Create(domain, SocketKind.Stream);
        client.Connect(connectTo);
        Loopback.AssertReady(server, PollEvents.In);
        using LinuxSocket accepted = server.Accept(out EndPoint? peer);

        Assert.Equal(client.LocalEndPoint, peer);
        Assert.Equal(accepted.LocalEndPoint, client.RemoteEndPoint);
        Assert.True(accepted.Handle.IsCloseOnExec);

        client.SendAll("hello, kiwi"u8);
        Assert.Equal("hello, kiwi", Encoding.ASCII.GetString(Loopback.ReceiveExactly(accepted, 11)));
        accepted.SendAll("hello, client"u8);
        Assert.Equal("hello, client", Encoding.ASCII.GetString(Loopback.ReceiveExactly(client, 13)));

        client.Dispose();
        Loopback.AssertReady(accepted, PollEvents.In);
        Assert.Equal(0, accepted.Receive(new byte[8]));
    }
}
