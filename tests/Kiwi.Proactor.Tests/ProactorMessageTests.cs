using System.Net;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>IORING_OP_RECVMSG/IORING_OP_SENDMSG through one slot of a DatagramBatch, on UDP over loopback.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProactorMessageTests : IClassFixture<DescriptorLeakCheck>
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task ADatagramIsReceivedWithItsSenderAndEchoedBackWithSendMessage(string address)
    {
        IPAddress ip = IPAddress.Parse(address);
        SocketDomain domain = SocketDomains.Of(ip);
        using Net.Proactor.Proactor proactor = new();
        using LinuxSocket server = LinuxSocket.Create(domain, SocketKind.Datagram);
        using LinuxSocket client = LinuxSocket.Create(domain, SocketKind.Datagram);
        server.Bind(new IPEndPoint(ip, 0));
        client.Bind(new IPEndPoint(ip, 0));
        using DatagramBatch serverSlots = new(capacity: 2, datagramSize: 512);
        using DatagramBatch clientSlots = new(capacity: 2, datagramSize: 512);

        ValueTask<int> receiving = proactor.ReceiveMessageAsync(server, serverSlots, slot: 1);
        "over io_uring"u8.CopyTo(clientSlots.Buffer(0));
        clientSlots.SetLength(0, 13);
        clientSlots.SetRemoteEndPoint(0, server.LocalEndPoint!);
        Assert.Equal(13, await proactor.SendMessageAsync(client, clientSlots).AsTask().Bounded());

        Assert.Equal(13, await receiving.AsTask().Bounded());
        Assert.Equal("over io_uring"u8.ToArray(), serverSlots.Datagram(1).ToArray());
        Assert.Equal(client.LocalEndPoint, serverSlots.RemoteEndPointOf(1));

        // The slot keeps the sender's address: sending it back is the echo.
        Assert.Equal(13, await proactor.SendMessageAsync(server, serverSlots, slot: 1).AsTask().Bounded());
        Assert.Equal(13, await proactor.ReceiveMessageAsync(client, clientSlots, slot: 1).AsTask().Bounded());
        Assert.Equal("over io_uring"u8.ToArray(), clientSlots.Datagram(1).ToArray());
        Assert.Equal(0, proactor.PendingOperations);
    }

    [Fact]
    public async Task ASendToAClosedPortFailsWithTheCallsName()
    {
        using Net.Proactor.Proactor proactor = new();
        IPEndPoint closed;
        using (LinuxSocket probe = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        socket.Connect(closed);
        using DatagramBatch slots = new(1, 16);
        slots.SetLength(0, 1);
        slots.ClearRemoteEndPoint(0);
        await proactor.SendMessageAsync(socket, slots).AsTask().Bounded();

        // The ICMP port-unreachable comes back as ECONNREFUSED on the next call on the connected socket.
        var error = await Assert.ThrowsAsync<ErrnoException>(() => proactor.ReceiveMessageAsync(socket, slots).AsTask().Bounded());
        Assert.Equal("io_uring recvmsg", error.Call);
        Assert.Equal("ECONNREFUSED", error.ErrnoName);
    }
}
