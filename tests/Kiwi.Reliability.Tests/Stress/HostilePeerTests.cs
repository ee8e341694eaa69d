using System;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Reactor;
using Kiwi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Kiwi.Reliability.Tests.Stress;

/// <summary>Peers that misbehave against an echo <see cref="TcpServer"/>: reset mid-stream, half-close and keep
/// reading, stop reading (the high-water mark bounds what the server queues), connect and never send, close while
/// the server has a write pending. The server survives each, its connection count returns to 0 and no descriptor
/// stays open.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class HostilePeerTests : IClassFixture<DescriptorLeakCheck>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly ITestOutputHelper _output;

    public HostilePeerTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void APeerThatResetsMidStreamIsDropped()
    {
        using EchoServer server = new(loops: 1);
        for (int i = 0; i < 20; i++)
        {
            LinuxSocket client = server.Connect();
            client.SendAll(new byte[100_000]);
            // Linger 0: close sends RST with data unread in both directions.
            client.Options.Linger = new SocketLinger(true, 0);
            client.Dispose();
        }
        AssertDrained(server);
    }

    [Fact]
    public void APeerThatHalfClosesStillReadsEveryEchoedByte()
    {
        using EchoServer server = new(loops: 1);
        using LinuxSocket client = server.Connect();
        byte[] sent = new byte[200_000];
        new Random(7).NextBytes(sent);
        client.SendAll(sent);
        client.Shutdown(ShutdownHow.Write);
        byte[] echoed = new byte[sent.Length];
        int received = 0;
        while (received < echoed.Length)
        {
            int n = client.Receive(echoed.AsSpan(received), timeout: Bound);
            Assert.True(n > 0, $"end of stream after {received} of {sent.Length} echoed bytes");
            received += n;
        }
        // Everything echoed, then the server's end of stream.
        Assert.Equal(0, client.Receive(new byte[16], timeout: Bound));
        Assert.True(sent.AsSpan().SequenceEqual(echoed));
        AssertDrained(server);
    }

    [Fact]
    public void APeerThatStopsReadingIsBoundedByTheHighWaterMark()
    {
        const int HighWaterMark = 1 << 20;
        int peak = 0;
        TcpConnection? connection = null;
        using EchoServer server = new(loops: 1, configure: s =>
        {
            s.Callbacks.Connection = c => connection = c;
            s.Callbacks.HighWaterMark = HighWaterMark;
            // Back-pressure: stop reading from a peer whose echo piles up, resume when it drains.
            s.Callbacks.HighWaterMarkReached = (c, queued) =>
            {
                peak = Math.Max(peak, queued);
                c.StopReading();
            };
            s.Callbacks.WriteComplete = connection => connection.StartReading();
        });
        using LinuxSocket client = server.Connect();
        client.IsNonBlocking = true;
        byte[] chunk = new byte[64 * 1024];
        long sent = 0;
        // Send until the kernel and the server refuse more: the client never reads.
        for (int stalls = 0; stalls < 50 && sent < 256L << 20;)
        {
            if (client.TrySend(chunk, out int n))
            {
                sent += n;
                stalls = 0;
            }
            else
            {
                stalls++;
                Thread.Sleep(10);
            }
        }
        Assert.NotNull(connection);
        int queued = OnLoop(connection, () => connection.OutputBuffer.ReadableBytes);
        _output.WriteLine($"client pushed {sent} bytes without reading; server queued {queued} bytes (high-water mark {HighWaterMark}, peak reported {peak})");
        Assert.True(peak >= HighWaterMark, "the high-water mark never fired");
        // Bounded: the mark plus at most one read's worth (the read that crossed it).
        Assert.True(queued <= HighWaterMark + ByteBuffer.SpillSize * 2 + (1 << 20), $"server queued {queued} bytes");
        Assert.True(sent < 256L << 20, "the client was never stopped");
    }

    [Fact]
    public void PeersThatConnectAndNeverSendAreClosedWithTheServer()
    {
        EchoServer server = new(loops: 2);
        LinuxSocket[] idle = new LinuxSocket[50];
        for (int i = 0; i < idle.Length; i++)
        {
            idle[i] = server.Connect();
        }
        SpinWait.SpinUntil(() => server.Server.ConnectionCount == idle.Length, Bound);
        Assert.Equal(idle.Length, server.Server.ConnectionCount);
        server.Dispose();
        foreach (LinuxSocket client in idle)
        {
            // The server closed its side: end of stream.
            Assert.Equal(0, client.Receive(new byte[1], timeout: Bound));
            client.Dispose();
        }
    }

    [Fact]
    public void APeerThatClosesDuringAPendingWriteIsDropped()
    {
        using EchoServer server = new(loops: 1, configure: s =>
            s.Callbacks.Connection = c =>
            {
                if (c.IsConnected)
                {
                    // More than the socket buffers hold: a write stays pending in the output buffer.
                    c.Send(new byte[32 << 20]);
                }
            });
        for (int i = 0; i < 5; i++)
        {
            LinuxSocket client = server.Connect();
            client.Receive(new byte[1024], timeout: Bound);
            client.Dispose();
        }
        AssertDrained(server);
    }

    /// <summary>Reads a value on the connection's loop thread, where its buffers live.</summary>
    private static T OnLoop<T>(TcpConnection connection, Func<T> read)
    {
        T value = default!;
        using ManualResetEventSlim done = new();
        connection.Loop.QueueInLoop(() =>
        {
            value = read();
            done.Set();
        });
        Assert.True(done.Wait(Bound), "the loop did not answer");
        return value;
    }

    private static void AssertDrained(EchoServer server)
    {
        SpinWait.SpinUntil(() => server.Server.ConnectionCount == 0, Bound);
        Assert.Equal(0, server.Server.ConnectionCount);
    }
}
