using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Bridge;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Bridge;

/// <summary>A socket Kiwi accepted, handed over to System.Net.Sockets, carries TLS through SslStream.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SslOverKiwiSocketTests : IClassFixture<DotNetSocketsLeakCheck>
{
    private const string HostName = "kiwi.test";

    [Fact]
    public async Task TlsRunsOverAKiwiAcceptedSocketHandedToSslStream()
    {
        using X509Certificate2 certificate = SelfSignedCertificate.Create(HostName);
        using CancellationTokenSource limit = new(TimeSpan.FromSeconds(30));
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback);
        using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!, limit.Token);
        Loopback.AssertReady(listener, PollEvents.In);
        // Accepted the way a Reactor accepts: non-blocking. The hand-over gives .NET the blocking socket it expects.
        LinuxSocket accepted = listener.Accept(SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        Assert.True(accepted.IsNonBlocking);

        Socket serverSocket = accepted.HandOverToSystemSocket();

        Assert.True(accepted.Handle.IsClosed);
        Assert.True(serverSocket.Blocking);
        Assert.Equal(client.LocalEndPoint, serverSocket.RemoteEndPoint);
        accepted.Dispose();
        await using SslStream server = new(new NetworkStream(serverSocket, ownsSocket: true));
        string? seenThumbprint = null;
        await using SslStream clientTls = new(new NetworkStream(client, ownsSocket: false));
        Task serverHandshake = server.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions { ServerCertificate = certificate }, limit.Token);
        await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = HostName,
            // Trust exactly the certificate this test made, and nothing else.
            RemoteCertificateValidationCallback = (_, presented, _, _) =>
            {
                seenThumbprint = presented?.GetCertHashString();
                return seenThumbprint == certificate.GetCertHashString();
            },
        }, limit.Token);
        await serverHandshake.WaitAsync(limit.Token);

        Assert.True(server.IsAuthenticated && server.IsEncrypted);
        Assert.True(clientTls.IsAuthenticated && clientTls.IsEncrypted);
        Assert.Equal(certificate.GetCertHashString(), seenThumbprint);

        byte[] request = new byte[100_000];
        Random.Shared.NextBytes(request);
        Task send = clientTls.WriteAsync(request, limit.Token).AsTask();
        byte[] received = new byte[request.Length];
        await server.ReadExactlyAsync(received, limit.Token);
        await send;
        Assert.Equal(request, received);

        await server.WriteAsync(received, limit.Token);
        byte[] echoed = new byte[request.Length];
        await clientTls.ReadExactlyAsync(echoed, limit.Token);
        Assert.Equal(request, echoed);
    }
}
