using System;
using System.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>recvmmsg/sendmmsg through <see cref="DatagramBatch"/> on loopback: batches, echo without copies,
/// caller-owned memory, truncation, GRO sizes, timestamps, and no allocation per datagram.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class DatagramBatchTests : IClassFixture<DescriptorLeakCheck>
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void ABatchIsReceivedAndEchoedBackToEachSender(string address)
    {
        IPAddress ip = IPAddress.Parse(address);
        using LinuxSocket server = Loopback.Udp(ip, SocketCreationFlags.CloseOnExec | SocketCreationFlags.NonBlocking);
        using LinuxSocket client = Loopback.Udp(ip);
        using var batch = new DatagramBatch(capacity: 16, datagramSize: 256);
        for (int i = 0; i < 10; i++)
        {
            client.SendTo(new[] { (byte)i, (byte)(i * 2) }, server.LocalEndPoint!);
        }

        int received = 0;
        while (received < 10)
        {
            Loopback.AssertReady(server, PollEvents.In);
            int count = server.ReceiveMessages(batch);
            Assert.Equal(count, batch.Count);
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(new[] { (byte)(received + i), (byte)((received + i) * 2) }, batch.Datagram(i).ToArray());
                Assert.Equal(client.LocalEndPoint, batch.RemoteEndPointOf(i));
            }
            server.SendMessages(batch);
            received += count;
        }

        byte[] reply = new byte[16];
        for (int i = 0; i < 10; i++)
        {
            Loopback.AssertReady(client, PollEvents.In);
            Assert.Equal(2, client.Receive(reply));
            Assert.Equal(new[] { (byte)i, (byte)(i * 2) }, reply[..2]);
        }
    }

    [Fact]
    public void SlotsFilledByTheCallerAreSentToTheirAddresses()
    {
        using LinuxSocket first = Loopback.Udp(IPAddress.Loopback);
        using LinuxSocket second = Loopback.Udp(IPAddress.Loopback);
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        byte[] memory = new byte[3 * 100];
        using var batch = new DatagramBatch(memory, datagramSize: 100);
        Assert.Equal(3, batch.Capacity);

        "one"u8.CopyTo(batch.Buffer(0));
        batch.SetLength(0, 3);
        batch.SetRemoteEndPoint(0, first.LocalEndPoint!);
        "two!"u8.CopyTo(batch.Buffer(1));
        batch.SetLength(1, 4);
        batch.SetRemoteEndPoint(1, second.LocalEndPoint!);
        batch.CopyRemoteEndPoint(0, 2);
        batch.SetLength(2, 0);
        batch.Count = 3;
        sender.SendMessages(batch);

        byte[] buffer = new byte[16];
        Loopback.AssertReady(first, PollEvents.In);
        Assert.Equal(3, first.Receive(buffer));
        Loopback.AssertReady(first, PollEvents.In);
        Assert.Equal(0, first.Receive(buffer));
        Loopback.AssertReady(second, PollEvents.In);
        Assert.Equal(4, second.Receive(buffer));
        Assert.Equal("two!"u8.ToArray(), buffer[..4]);
        // The batch's payload is the caller's array.
        Assert.Equal((byte)'t', memory[100]);
    }

    [Fact]
    public void NonBlockingReceiveOfNothingIsFalseNotAnException()
    {
        using LinuxSocket socket = Loopback.Udp(IPAddress.Loopback, SocketCreationFlags.NonBlocking);
        using var batch = new DatagramBatch(4, 64);

        Assert.False(socket.TryReceiveMessages(batch, out int received));
        Assert.Equal(0, received);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void ADatagramLongerThanItsSlotIsTruncatedAndSaysSo()
    {
        using LinuxSocket receiver = Loopback.Udp(IPAddress.Loopback);
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        using var batch = new DatagramBatch(2, 8);
        sender.SendTo(new byte[20], receiver.LocalEndPoint!);
        Loopback.AssertReady(receiver, PollEvents.In);

        Assert.Equal(1, receiver.ReceiveMessages(batch));
        Assert.Equal(8, batch.LengthOf(0));
        Assert.True(batch.FlagsOf(0).HasFlag(MessageFlags.Truncated));
    }

    [Fact]
    public void TimestampsAndGroSizesAreReadPerSlot()
    {
        using LinuxSocket receiver = Loopback.Udp(IPAddress.Loopback);
        receiver.Options.ReceiveTimestamps = true;
        receiver.Options.UdpGroReceive = true;
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        using var batch = new DatagramBatch(4, 65536, receiveControl: true);
        sender.SendMessage(new byte[3000], destination: receiver.LocalEndPoint, control: new DatagramControl { SegmentSize = 1500 });
        Loopback.AssertReady(receiver, PollEvents.In);

        Assert.Equal(1, receiver.ReceiveMessages(batch));
        Assert.Equal(3000, batch.LengthOf(0));
        Assert.Equal(1500, batch.SegmentSizeOf(0));
        Assert.True(batch.TryGetTimestamp(0, out SocketTimestamp stamp));
        Assert.InRange(stamp.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void SteadyStateBatchEchoAllocatesNothingPerDatagram()
    {
        using LinuxSocket server = Loopback.Udp(IPAddress.Loopback, SocketCreationFlags.NonBlocking);
        using LinuxSocket client = Loopback.Udp(IPAddress.Loopback, SocketCreationFlags.NonBlocking);
        using var outgoing = new DatagramBatch(8, 64);
        using var incoming = new DatagramBatch(8, 64);
        using var replies = new DatagramBatch(8, 64);
        for (int i = 0; i < 8; i++)
        {
            outgoing.SetLength(i, 32);
            outgoing.SetRemoteEndPoint(i, server.LocalEndPoint!);
        }
        outgoing.Count = 8;

        RoundTrip(client, server, outgoing, incoming, replies); // warm-up: JIT, first-call paths
        long before = GC.GetAllocatedBytesForCurrentThread();
        int datagrams = 0;
        for (int round = 0; round < 200; round++)
        {
            datagrams += RoundTrip(client, server, outgoing, incoming, replies);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(200 * 8, datagrams);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramBatch(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatagramBatch(DatagramBatch.MaxCapacity + 1, 10));
        using var batch = new DatagramBatch(2, 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.SetLength(0, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Buffer(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Count = 3);
        batch.Dispose();
        Assert.Throws<ObjectDisposedException>(() => batch.Buffer(0));
    }

    /// <summary>Client sends the batch, server receives and echoes it, client receives the echo; bounded waits.</summary>
    private static int RoundTrip(LinuxSocket client, LinuxSocket server, DatagramBatch outgoing, DatagramBatch incoming, DatagramBatch replies)
    {
        client.SendMessages(outgoing);
        int echoed = 0;
        while (echoed < outgoing.Count)
        {
            Wait(server);
            echoed += server.ReceiveMessages(incoming);
            server.SendMessages(incoming);
        }
        int back = 0;
        while (back < outgoing.Count)
        {
            Wait(client);
            back += client.ReceiveMessages(replies);
        }
        return back;
    }

    private static void Wait(LinuxSocket socket)
    {
        if (RawDescriptor.WaitFor(socket.Handle.DangerousGetDescriptor(), PollEvents.In, Loopback.WaitMs) == PollEvents.None)
        {
            throw new TimeoutException("no datagram within the wait");
        }
    }
}
