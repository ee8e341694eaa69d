using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

public class TcpServerTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(4, true)]
    public async Task EchoesEveryByteOf200FragmentedConnections(int loops, bool reusePort)
    {
        using var harness = new ServerHarness(loops, s => ServerHarness.Echo(s), reusePort);
        var clients = Enumerable.Range(0, 200).Select(i => EchoClient.RunAsync(harness.EndPoint, seed: i * 7919 + loops, maxLength: 48 * 1024));
        await Task.WhenAll(clients).WaitAsync(Wait.Limit);
        Wait.Until(() => harness.Server.ConnectionCount == 0, "every server connection closed");
    }

    [Fact]
    public void PeerHalfCloseIsSeenPendingOutputStillGoesOutThenTheConnectionCloses()
    {
        const int Reply = 8 * 1024 * 1024;
        var downCalls = 0;
        var state = new ConcurrentQueue<string>();
        using var harness = new ServerHarness(1, server =>
        {
            server.Callbacks.Message = (connection, buffer, _) =>
            {
                if (buffer.IndexOfEol() < 0)
                {
                    return;
                }
                buffer.RetrieveAll();
                // Far more than the socket holds: most of it queues in the output buffer.
                byte[] payload = new byte[Reply];
                for (int i = 0; i < payload.Length; i++)
                {
                    payload[i] = (byte)i;
                }
                connection.Send(payload);
                state.Enqueue($"queued {connection.OutputBuffer.ReadableBytes}");
            };
            server.Callbacks.Connection = connection =>
            {
                if (!connection.IsConnected)
                {
                    Interlocked.Increment(ref downCalls);
                }
            };
        });
        using Socket client = harness.Connect();
        client.Send("GET\n"u8);
        client.Shutdown(SocketShutdown.Send);
        Wait.Until(() => !state.IsEmpty, "the reply to be queued");
        Thread.Sleep(50);
        // The server saw the half-close, yet keeps the connection until everything is out.
        Assert.Equal(0, Volatile.Read(ref downCalls));
        byte[] received = new byte[Reply];
        int total = 0, n;
        while (total < Reply && (n = client.Receive(received, total, Math.Min(4096, Reply - total), SocketFlags.None)) > 0)
        {
            total += n;
        }
        Assert.Equal(Reply, total);
        for (int i = 0; i < Reply; i += 4099)
        {
            Assert.Equal((byte)i, received[i]);
        }
        Assert.Equal(0, client.Receive(new byte[16]));
        Wait.Until(() => Volatile.Read(ref downCalls) == 1, "the down callback");
        Assert.Equal(0, harness.Server.ConnectionCount);
    }

    [Fact]
    public void ShutdownHalfClosesOnlyAfterTheOutputDrains()
    {
        const int Size = 4 * 1024 * 1024;
        using var harness = new ServerHarness(1, server =>
        {
            server.Callbacks.Connection = connection =>
            {
                if (connection.IsConnected)
                {
                    connection.Send(new byte[Size]);
                    connection.Shutdown();
                }
            };
        });
        using Socket client = harness.Connect();
        Thread.Sleep(50);
        Assert.Equal(Size, client.ReceiveUntilClosed(new byte[65536]));
        // The server's side is half-closed: it still reads what the client sends, then closes when the client does.
        client.Shutdown(SocketShutdown.Send);
        Wait.Until(() => harness.Server.ConnectionCount == 0, "server to close after the client's FIN");
    }

    [Fact]
    public void HighWaterMarkAndWriteCompleteFireWithASlowReader()
    {
        const int Size = 16 * 1024 * 1024, Mark = 1024 * 1024;
        var highWater = new ConcurrentQueue<int>();
        int writeComplete = 0;
        int writeCompleteBeforeDrain = -1;
        using var harness = new ServerHarness(1, server =>
        {
            server.Callbacks.HighWaterMark = Mark;
            server.Callbacks.HighWaterMarkReached = (_, queued) => highWater.Enqueue(queued);
            server.Callbacks.WriteComplete = connection =>
            {
                Interlocked.Increment(ref writeComplete);
                Assert.Equal(0, connection.OutputBuffer.ReadableBytes);
            };
            server.Callbacks.Connection = connection =>
            {
                if (connection.IsConnected)
                {
                    connection.Send(new byte[Size]);
                }
            };
        });
        using Socket client = harness.Connect();
        Wait.Until(() => !highWater.IsEmpty, "the high-water-mark callback");
        writeCompleteBeforeDrain = Volatile.Read(ref writeComplete);
        Assert.Single(highWater);
        Assert.True(highWater.Single() >= Mark, $"reported {highWater.Single()} queued bytes");
        client.ReceiveExactly(Size);
        Wait.Until(() => Volatile.Read(ref writeComplete) == 1, "the write-complete callback");
        Assert.Equal(0, writeCompleteBeforeDrain);
        Assert.Single(highWater);
    }

    [Fact]
    public void SendFromManyThreadsArrivesWholeAndInPerThreadOrder()
    {
        const int Threads = 6, PerThread = 3000, MessageSize = 64;
        using var harness = new ServerHarness(2, server =>
        {
            server.Callbacks.Connection = connection =>
            {
                if (!connection.IsConnected)
                {
                    return;
                }
                for (int t = 0; t < Threads; t++)
                {
                    int thread = t;
                    new Thread(() =>
                    {
                        byte[] message = new byte[MessageSize];
                        for (int i = 0; i < PerThread; i++)
                        {
                            // Each message: thread id, sequence number, then a filler derived from both.
                            BitConverter.TryWriteBytes(message.AsSpan(0, 4), thread);
                            BitConverter.TryWriteBytes(message.AsSpan(4, 4), i);
                            message.AsSpan(8).Fill((byte)(thread * 31 + i));
                            connection.Send(message);
                        }
                    }) { IsBackground = true }.Start();
                }
            };
        });
        using Socket client = harness.Connect();
        byte[] all = client.ReceiveExactly(Threads * PerThread * MessageSize);
        var next = new int[Threads];
        for (int offset = 0; offset < all.Length; offset += MessageSize)
        {
            int thread = BitConverter.ToInt32(all, offset);
            int index = BitConverter.ToInt32(all, offset + 4);
            Assert.InRange(thread, 0, Threads - 1);
            Assert.Equal(next[thread], index);
            Assert.True(all.AsSpan(offset + 8, MessageSize - 8).IndexOfAnyExcept((byte)(thread * 31 + index)) < 0, "torn message");
            next[thread]++;
        }
        Assert.All(next, count => Assert.Equal(PerThread, count));
    }

    [Fact]
    public void AThrowingCallbackClosesItsConnectionAndOthersKeepWorking()
    {
        var reported = new ConcurrentQueue<ReactorErrorEventArgs>();
        using var harness = new ServerHarness(1, server =>
        {
            server.LoopInitializer = loop => loop.ErrorReported += (_, e) => reported.Enqueue(e);
            server.Callbacks.Message = (connection, buffer, _) =>
            {
                if (buffer.ReadableSpan.IndexOf("boom"u8) >= 0)
                {
                    throw new InvalidOperationException("boom from the message callback");
                }
                connection.Send(buffer);
            };
        });
        using Socket good = harness.Connect();
        using Socket bad = harness.Connect();
        good.Send("hello"u8);
        Assert.Equal("hello", Encoding.ASCII.GetString(good.ReceiveExactly(5)));
        bad.Send("boom"u8);
        Assert.Equal(0, bad.Receive(new byte[16]));
        Wait.Until(() => reported.Count == 1, "the report");
        Assert.Equal("boom from the message callback", reported.Single().Exception.Message);
        Assert.IsType<TcpConnection>(reported.Single().Source);
        for (int i = 0; i < 10; i++)
        {
            good.Send("again"u8);
            Assert.Equal("again", Encoding.ASCII.GetString(good.ReceiveExactly(5)));
        }
        Wait.Until(() => harness.Server.ConnectionCount == 1, "only the bad connection closed");
    }

    [Fact]
    public void ConnectionCallbacksSeeUpAndDownWithAddressesAndContext()
    {
        var events = new ConcurrentQueue<string>();
        using var harness = new ServerHarness(0, server =>
        {
            server.Callbacks.Connection = connection =>
            {
                if (connection.IsConnected)
                {
                    connection.Context = "ctx";
                    events.Enqueue($"up {connection.PeerEndPoint} {connection.State}");
                }
                else
                {
                    events.Enqueue($"down {connection.Context} {connection.State}");
                }
            };
        });
        using (Socket client = harness.Connect())
        {
            Wait.Until(() => events.Count == 1, "up");
            Assert.Equal($"up {client.LocalEndPoint} Connected", events.Single());
        }
        Wait.Until(() => events.Count == 2, "down");
        Assert.Equal("down ctx Disconnected", events.Last());
    }

    [Fact]
    public void ForceCloseDropsTheConnectionFromAnotherThread()
    {
        var connections = new ConcurrentQueue<TcpConnection>();
        using var harness = new ServerHarness(1, server =>
        {
            server.Callbacks.Connection = connection =>
            {
                if (connection.IsConnected)
                {
                    connections.Enqueue(connection);
                }
            };
        });
        using Socket client = harness.Connect();
        Wait.Until(() => connections.Count == 1, "the connection");
        TcpConnection serverSide = connections.Single();
        serverSide.ForceClose();
        Assert.Equal(0, client.Receive(new byte[1]));
        Wait.Until(() => serverSide.IsDisconnected, "disconnected");
        serverSide.Send("ignored"u8);
        serverSide.ForceClose();
    }
}
