using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Reactor.Tests;

/// <summary>ReactorTcpClient and its Connector: retry with capped back-off, reconnect, stop. Checked for descriptor leaks.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class TcpClientTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void ConnectsWithRetriesToAServerThatStarts300MillisecondsLater()
    {
        int port = FreePort();
        using var clientThread = new EventLoopThread("test-client");
        EventLoop loop = clientThread.StartLoop();
        var up = new TaskCompletionSource<TcpConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var echoed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new ReactorTcpClient(loop, new IPEndPoint(IPAddress.Loopback, port));
        client.Connector.InitialRetryDelay = TimeSpan.FromMilliseconds(20);
        client.Connector.MaxRetryDelay = TimeSpan.FromMilliseconds(80);
        client.Callbacks.Connection = connection =>
        {
            if (connection.IsConnected)
            {
                up.TrySetResult(connection);
            }
        };
        client.Callbacks.Message = (_, buffer, _) =>
        {
            if (buffer.ReadableBytes >= 5)
            {
                echoed.TrySetResult(buffer.RetrieveAllAsString());
            }
        };
        client.Connect();
        Thread.Sleep(300);
        Assert.False(up.Task.IsCompleted, "connected while nothing listened");
        using var server = new ServerHarness(1, s => ServerHarness.Echo(s), port: port);
        TcpConnection connection = Wait.Result(up.Task, "the client to connect once the server listens");
        Assert.True(Wait.OnLoop(loop, () => client.Connector.FailedAttempts, "failed attempts") >= 1);
        connection.Send("hello");
        Assert.Equal("hello", Wait.Result(echoed.Task, "the echo"));
        Assert.Equal(1, client.ConnectionsMade);
    }

    [Fact]
    public void RetryDelayDoublesAfterEachFailureUpToItsCap()
    {
        int port = FreePort();
        using var clientThread = new EventLoopThread("test-client");
        EventLoop loop = clientThread.StartLoop();
        using var client = new ReactorTcpClient(loop, new IPEndPoint(IPAddress.Loopback, port));
        TimeSpan initial = TimeSpan.FromMilliseconds(1), cap = TimeSpan.FromMilliseconds(16);
        client.Connector.InitialRetryDelay = initial;
        client.Connector.MaxRetryDelay = cap;
        client.Connect();
        int failures = 0;
        for (int sample = 0; sample < 10_000 && failures < 8; sample++)
        {
            // Read on the loop so the delay and the failure count belong to the same moment.
            (failures, TimeSpan delay) = Wait.OnLoop(loop, () => (client.Connector.FailedAttempts, client.Connector.RetryDelay), "a sample");
            if (failures > 0)
            {
                TimeSpan expected = TimeSpan.FromTicks(Math.Min(initial.Ticks << Math.Min(failures, 20), cap.Ticks));
                Assert.Equal(expected, delay);
            }
            Thread.Sleep(1);
        }
        Assert.True(failures >= 8, $"only {failures} failed attempts seen");
        Assert.Null(client.Connection);
    }

    [Fact]
    public void ReconnectsAfterTheServerClosesTheConnection()
    {
        int serverUps = 0;
        using var server = new ServerHarness(1, s =>
        {
            ServerHarness.Echo(s);
            s.Callbacks.Connection = connection =>
            {
                if (connection.IsConnected && Interlocked.Increment(ref serverUps) == 1)
                {
                    // The server drops the first connection; the client must come back by itself.
                    connection.ForceClose();
                }
            };
        });
        using var clientThread = new EventLoopThread("test-client");
        EventLoop loop = clientThread.StartLoop();
        var downs = 0;
        var echoed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new ReactorTcpClient(loop, server.EndPoint) { Reconnect = true };
        client.Connector.InitialRetryDelay = TimeSpan.FromMilliseconds(10);
        client.Callbacks.Connection = connection =>
        {
            if (!connection.IsConnected)
            {
                Interlocked.Increment(ref downs);
            }
        };
        client.Callbacks.Message = (_, buffer, _) =>
        {
            if (buffer.ReadableBytes >= 5)
            {
                echoed.TrySetResult(buffer.RetrieveAllAsString());
            }
        };
        client.Connect();
        Wait.Until(() => Volatile.Read(ref serverUps) == 2 && client.Connection is { IsConnected: true }, "the second connection");
        Assert.Equal(1, Volatile.Read(ref downs));
        Assert.Equal(2, client.ConnectionsMade);
        client.Connection!.Send("again");
        Assert.Equal("again", Wait.Result(echoed.Task, "the echo on the new connection"));
    }

    [Fact]
    public void StopEndsTheRetries()
    {
        int port = FreePort();
        using var clientThread = new EventLoopThread("test-client");
        EventLoop loop = clientThread.StartLoop();
        using var client = new ReactorTcpClient(loop, new IPEndPoint(IPAddress.Loopback, port)) { Reconnect = true };
        client.Connector.InitialRetryDelay = TimeSpan.FromMilliseconds(2);
        client.Connector.MaxRetryDelay = TimeSpan.FromMilliseconds(4);
        client.Connect();
        Wait.Until(() => client.Connector.FailedAttempts >= 3, "three failed attempts");
        client.Stop();
        // Queued after Stop's own work on the loop: from here on no attempt may start.
        int stopped = Wait.OnLoop(loop, () => client.Connector.FailedAttempts, "the count at stop");
        Thread.Sleep(100);
        Assert.Equal(stopped, Wait.OnLoop(loop, () => client.Connector.FailedAttempts, "the count later"));
        Assert.Equal(0, client.ConnectionsMade);
        Assert.Null(client.Connection);
    }

    [Fact]
    public void StopThenDisposeClosesTheConnectionWithoutReconnecting()
    {
        var serverEvents = new ConcurrentQueue<bool>();
        using var server = new ServerHarness(1, s =>
        {
            ServerHarness.Echo(s);
            s.Callbacks.Connection = connection => serverEvents.Enqueue(connection.IsConnected);
        });
        using var clientThread = new EventLoopThread("test-client");
        EventLoop loop = clientThread.StartLoop();
        var clientDown = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new ReactorTcpClient(loop, server.EndPoint) { Reconnect = true };
        client.Connector.InitialRetryDelay = TimeSpan.FromMilliseconds(2);
        client.Callbacks.Connection = connection =>
        {
            if (!connection.IsConnected)
            {
                clientDown.TrySetResult(true);
            }
        };
        client.Connect();
        Wait.Until(() => client.Connection is { IsConnected: true }, "the connection");
        TcpConnection connection = client.Connection!;
        client.Stop();
        Assert.True(connection.IsConnected, "Stop only stops connecting");
        client.Dispose();
        Assert.True(connection.IsDisconnected);
        Assert.True(Wait.Result(clientDown.Task, "the client's down callback"));
        Wait.Until(() => serverEvents.Count == 2, "the server to see the close");
        Thread.Sleep(50);
        Assert.Equal(new[] { true, false }, serverEvents.ToArray());
        Assert.Equal(1, client.ConnectionsMade);
        Assert.Null(client.Connection);
        Assert.Throws<ObjectDisposedException>(client.Connect);
    }

    [Fact]
    public void DisconnectHalfClosesAndDoesNotReconnect()
    {
        var serverDowns = 0;
        using var server = new ServerHarness(0, s =>
        {
            ServerHarness.Echo(s);
            s.Callbacks.Connection = connection =>
            {
                if (!connection.IsConnected)
                {
                    Interlocked.Increment(ref serverDowns);
                }
            };
        });
        using var clientThread = new EventLoopThread("test-client");
        EventLoop loop = clientThread.StartLoop();
        using var client = new ReactorTcpClient(loop, server.EndPoint) { Reconnect = true };
        client.Connect();
        Wait.Until(() => client.Connection is { IsConnected: true }, "the connection");
        client.Disconnect();
        // The server reads end of stream, closes, and the client's side closes in turn.
        Wait.Until(() => Volatile.Read(ref serverDowns) == 1 && client.Connection is null, "both sides closed");
        Thread.Sleep(50);
        Assert.Equal(1, client.ConnectionsMade);
    }

    /// <summary>A loopback port nobody listens on (the kernel's pick, released at once).</summary>
    internal static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
