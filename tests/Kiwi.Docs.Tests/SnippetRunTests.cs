using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using Kiwi.Docs.Snippets;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Reactor;

namespace Kiwi.Docs.Tests;

/// <summary>Runs the code the pages show and checks that it does what the pages say.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SnippetRunTests : IClassFixture<DotNetSocketsLeakCheck>
{
    [Fact]
    public void Sockets()
    {
        Assert.Matches(@"^ping from 127\.0\.0\.1:\d+ then 0$", SocketSnippets.TcpConversation());
        Assert.Equal((false, 3), SocketSnippets.NonBlockingReceive());
        using (LinuxSocket listener = Listen())
        {
            Assert.True(SocketSnippets.NonBlockingConnect(listener.LocalEndPoint!));
        }
        Assert.Equal((Libc.ECONNREFUSED, "connect: ECONNREFUSED (Connection refused)"), SocketSnippets.Refused());
        Assert.Equal("nodelay 1, keepalive True, idle 60, rcvbuf>=True, linger 5, error 0", SocketSnippets.Options());
        Assert.Equal("one datagram from sender", SocketSnippets.Datagrams());
        Assert.Equal("11: header:|body", SocketSnippets.Vectors());
    }

    [Fact]
    public void DescriptorPassing()
    {
        Assert.Equal("a pipe for you / written through the passed end", DescriptorPassingSnippets.PassAPipe());
        Assert.True(DescriptorPassingSnippets.PassASocket());
        (UnixCredentials? seen, UnixCredentials peer) = DescriptorPassingSnippets.Credentials();
        Assert.Equal(UnixCredentials.OfThisProcess(), seen);
        Assert.Equal(UnixCredentials.OfThisProcess(), peer);
    }

    [Fact]
    public void Multiplexers()
    {
        var (writer, reader) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (quiet, other) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (writer)
        using (reader)
        using (quiet)
        using (other)
        {
            writer.SendAll("ready"u8);
            Assert.True(MultiplexerSnippets.SelectReadable(reader));
            Assert.Equal(PollEvents.In, MultiplexerSnippets.PollTwo(quiet, reader));
            Assert.Equal(101, MultiplexerSnippets.OneShot(reader));
            (ulong token, EpollEvents events, int bytes) = MultiplexerSnippets.EpollEdgeTriggered(reader);
            Assert.Equal(7UL, token);
            Assert.True(events.HasFlag(EpollEvents.In));
            Assert.Equal(5, bytes);
        }
    }

    [Fact]
    public void OutOfBand()
    {
        using (TcpPair pair = new())
        {
            Assert.Equal("! normal", OutOfBandSnippets.SendAndReceive(pair.Client, pair.Server));
        }
        using (TcpPair pair = new())
        {
            Assert.Equal("ab then !", OutOfBandSnippets.Inline(pair.Client, pair.Server));
        }
    }

    [Fact]
    public async Task IoModels()
    {
        byte[] buffer = new byte[64];
        Assert.Equal(7, WithBytes(socket => IoModelSnippets.Blocking(socket, buffer)));
        Assert.Equal(7, WithBytes(socket => IoModelSnippets.NonBlocking(socket, buffer)));
        Assert.Equal(7, WithBytes(socket => IoModelSnippets.Multiplexed(socket, buffer)));
        Assert.Equal(7, WithBytes(socket => IoModelSnippets.SignalDriven(socket, buffer)));
        var (writer, reader) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (writer)
        using (reader)
        {
            writer.SendAll("7 bytes"u8);
            Assert.Equal(7, await IoModelSnippets.Asynchronous(reader, buffer).WaitAsync(TimeSpan.FromSeconds(20)));
        }
        var (peer, socket) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (peer)
        using (socket)
        {
            Assert.Equal("signalled", SignalDrivenSnippets.Register(socket, peer));
        }
    }

    [Fact]
    public async Task Reactor()
    {
        Assert.Equal("echo me", ReactorSnippets.EchoServer());
        using ByteBuffer input = new();
        input.Append("a\r\nb\r\nc"u8);
        Assert.Equal("a;b;|1", ReactorSnippets.TakeLines(input));
        Assert.Equal(0, ReactorSnippets.Timers());
        using EventLoopThread serverThread = new("docs-server");
        using TcpServer server = new(serverThread.StartLoop(), new IPEndPoint(IPAddress.Loopback, 0), "docs");
        server.Callbacks.Message = static (connection, buffer, _) => connection.Send(buffer);
        server.Start();
        Assert.Equal("hello", await ReactorSnippets.Client(server.LocalEndPoint!));
        Assert.Equal("hello"u8.ToArray(), PackageSnippets.Echo());
    }

    [Fact]
    public async Task Proactor()
    {
        using (LinuxSocket listener = Listen())
        using (LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream))
        {
            client.Connect(listener.LocalEndPoint!);
            client.SendAll("through the ring"u8);
            Assert.Equal(16, await ProactorSnippets.EchoOnce(listener).WaitAsync(TimeSpan.FromSeconds(20)));
            byte[] echoed = new byte[16];
            Assert.Equal(16, client.Receive(echoed, MessageFlags.WaitAll));
            Assert.Equal("through the ring", Encoding.ASCII.GetString(echoed));
        }
        using (LinuxSocket listener = Listen())
        {
            Assert.Equal(3, ProactorSnippets.AcceptWithHandlers(listener, 3));
        }
    }

    [Fact]
    public void Generator()
    {
        (int family, int port) = GeneratorSnippets.RawLayer();
        Assert.Equal(Libc.AF_INET, family);
        Assert.NotEqual(0, port);
    }

    [Fact]
    public async Task Bridge()
    {
        using X509Certificate2 certificate = SelfSigned();
        using (LinuxSocket listener = Listen())
        using (Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.Connect(listener.LocalEndPoint!);
            Task<SslStream> server = BridgeSnippets.TlsServer(listener, certificate);
            await using SslStream clientTls = new(new NetworkStream(client), false, (_, presented, _, _) =>
                presented?.GetCertHashString() == certificate.GetCertHashString());
            await clientTls.AuthenticateAsClientAsync("kiwi.docs").WaitAsync(TimeSpan.FromSeconds(20));
            await using SslStream serverTls = await server.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(serverTls.IsEncrypted);
        }
        using (Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(2);
            using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
            client.Connect(listener.LocalEndPoint!);
            using (Socket accepted = listener.Accept())
            {
                client.Send("borrowed"u8);
                Assert.Equal((false, 42UL, 8), BridgeSnippets.Borrow(accepted));
            }
            using Socket second = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
            second.Connect(listener.LocalEndPoint!);
            int adopted = BridgeSnippets.Adopt(listener.Accept());
            Assert.True(adopted > 2);
            byte[] reply = new byte[16];
            int length = second.Receive(reply);
            Assert.Equal("now Kiwi's", Encoding.ASCII.GetString(reply, 0, length));
            Assert.Equal(0, second.Receive(reply));
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new("CN=kiwi.docs", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    private static LinuxSocket Listen()
    {
        LinuxSocket listener = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return listener;
    }

    /// <summary>Runs <paramref name="read"/> on one end of a socketpair after 7 bytes were written to the other.</summary>
    private static int WithBytes(Func<LinuxSocket, int> read)
    {
        var (writer, reader) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (writer)
        using (reader)
        {
            writer.SendAll("7 bytes"u8);
            return read(reader);
        }
    }

    /// <summary>A connected TCP pair over loopback.</summary>
    private sealed class TcpPair : IDisposable
    {
        public TcpPair()
        {
            using LinuxSocket listener = Listen();
            Client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
            Client.Connect(listener.LocalEndPoint!);
            Server = listener.Accept();
        }

        public LinuxSocket Client { get; }

        public LinuxSocket Server { get; }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
