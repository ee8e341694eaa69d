using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

/// <summary>TcpServer's idle timeout and per-loop connection view, TcpConnection's typed context, and
/// EventLoop.RunInLoopAndWait.</summary>
public sealed class ServerConveniencesTests
{
    [Fact]
    public void ASilentConnectionIsClosedAfterTheIdleTimeoutWhileAChattyOneStays()
    {
        using var harness = new ServerHarness(loops: 1, server =>
        {
            ServerHarness.Echo(server);
            server.IdleTimeout = TimeSpan.FromMilliseconds(800);
        });
        using Socket silent = harness.Connect();
        using Socket chatty = harness.Connect();
        var clock = Stopwatch.StartNew();

        // The chatty client sends every 100 ms for 2.4 s, three timeouts: it must never be closed.
        byte[] reply = new byte[1];
        while (clock.Elapsed < TimeSpan.FromSeconds(2.4))
        {
            chatty.Send(new byte[] { 7 });
            Assert.Equal(1, chatty.Receive(reply));
            Thread.Sleep(100);
        }

        // The silent one was closed by the server: it reads end of stream (bounded by the socket's receive timeout).
        Assert.Equal(0, silent.Receive(new byte[1]));
        chatty.Send(new byte[] { 8 });
        Assert.Equal(1, chatty.Receive(reply));
        Assert.Equal(1, harness.Server.IdleClosedCount);
    }

    [Fact]
    public void EachLoopSeesTheConnectionsItServes()
    {
        using var harness = new ServerHarness(loops: 2, server => ServerHarness.Echo(server));
        var clients = new List<Socket>();
        try
        {
            for (int i = 0; i < 6; i++)
            {
                Socket client = harness.Connect();
                clients.Add(client);
                client.Send(new byte[] { 1 });
                client.ReceiveExactly(1);
            }
            Wait.Until(() => harness.Server.ConnectionCount == 6, "six connections");

            int total = 0;
            foreach (EventLoop loop in harness.Server.Loops)
            {
                (int count, bool allOnThisLoop) = Wait.OnLoop(loop, () =>
                {
                    IReadOnlyCollection<TcpConnection> mine = harness.Server.ConnectionsOf(loop);
                    return (mine.Count, mine.All(c => c.Loop == loop && c.IsConnected));
                }, "connections of a loop");
                Assert.True(allOnThisLoop);
                Assert.Equal(3, count); // round-robin over two loops
                total += count;
            }
            Assert.Equal(6, total);
            Assert.Throws<InvalidOperationException>(() => harness.Server.ConnectionsOf(harness.Server.Loops[0]));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void ATypedContextCountsMessagesWithoutBoxingAndRefusesAnotherType()
    {
        long lastCount = 0;
        Exception? wrongType = null;
        using var harness = new ServerHarness(loops: 1, server =>
        {
            server.Callbacks.Message = (connection, buffer, _) =>
            {
                int messages = buffer.ReadableBytes;
                buffer.RetrieveAll();
                ref long count = ref connection.ContextRef<long>();
                count += messages;
                Volatile.Write(ref lastCount, count);
                if (count == 10)
                {
                    try
                    {
                        connection.ContextRef<int>();
                    }
                    catch (InvalidOperationException error)
                    {
                        wrongType = error;
                    }
                    connection.Send("done");
                }
            };
        });
        using Socket client = harness.Connect();
        for (int i = 0; i < 10; i++)
        {
            client.Send(new byte[] { 1 });
        }

        Assert.Equal("done"u8.ToArray(), client.ReceiveExactly(4));
        Assert.Equal(10, Volatile.Read(ref lastCount));
        Assert.IsType<InvalidOperationException>(wrongType);
    }

    [Fact]
    public void RunInLoopAndWaitRunsOnTheLoopThreadAndRethrows()
    {
        using var thread = new EventLoopThread("wait");
        EventLoop loop = thread.StartLoop();
        bool onLoop = false;

        Assert.True(loop.RunInLoopAndWait(() => onLoop = loop.IsInLoopThread));
        Assert.True(onLoop);
        var error = Assert.Throws<InvalidOperationException>(() => loop.RunInLoopAndWait(() => throw new InvalidOperationException("inside")));
        Assert.Equal("inside", error.Message);
    }
}
