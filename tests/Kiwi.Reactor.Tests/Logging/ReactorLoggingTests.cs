using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;
using Kiwi.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace Kiwi.Reactor.Tests.Logging;

/// <summary>What the Reactor logs through <see cref="EventLoop.Logger"/>, and that it is silent without one. The
/// descriptor-exhaustion warning is checked in <see cref="AcceptorTests"/>, which provokes EMFILE.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ReactorLoggingTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void AThrowingCallbackIsLoggedAsAnErrorWithItsException()
    {
        RecordingLogger logger = new();
        using var thread = new EventLoopThread("test-log", loop => loop.Logger = logger);
        EventLoop loop = thread.StartLoop();

        loop.QueueInLoop(() => throw new InvalidOperationException("boom"));

        LogEntry entry = logger.WaitFor(100, Wait.Limit);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("boom", Assert.IsType<InvalidOperationException>(entry.Exception).Message);
        Assert.Contains("EventLoop failed on the loop thread", entry.Message);
    }

    [Fact]
    public void AThrowingErrorSubscriberIsLoggedToo()
    {
        RecordingLogger logger = new();
        using var thread = new EventLoopThread("test-log", loop =>
        {
            loop.Logger = logger;
            loop.ErrorReported += (_, _) => throw new InvalidOperationException("subscriber");
        });
        EventLoop loop = thread.StartLoop();

        loop.QueueInLoop(() => throw new InvalidOperationException("handler"));

        Assert.Equal("handler", logger.WaitFor(100, Wait.Limit).Exception!.Message);
        Assert.Equal("subscriber", logger.WaitFor(104, Wait.Limit).Exception!.Message);
    }

    [Fact]
    public void IoLoopsOfAServerTakeTheBaseLoopsLogger()
    {
        RecordingLogger logger = new();
        using var harness = new ServerHarness(2, server => server.Loop.Logger = logger);

        Assert.Equal(2, harness.Server.Loops.Count);
        Assert.All(harness.Server.Loops, loop => Assert.Same(logger, loop.Logger));
    }

    [Fact]
    public void RetriesAndReconnectsAreLoggedAsInformation()
    {
        RecordingLogger logger = new();
        int port = TcpClientTests.FreePort();
        using var clientThread = new EventLoopThread("test-client", loop => loop.Logger = logger);
        EventLoop loop = clientThread.StartLoop();
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new ReactorTcpClient(loop, new IPEndPoint(IPAddress.Loopback, port), "logged") { Reconnect = true };
        client.Connector.InitialRetryDelay = TimeSpan.FromMilliseconds(10);
        client.Connector.MaxRetryDelay = TimeSpan.FromMilliseconds(40);
        client.Callbacks.Connection = connection =>
        {
            if (connection.IsConnected)
            {
                up.TrySetResult();
            }
        };

        client.Connect();
        LogEntry retry = logger.WaitFor(102, Wait.Limit);
        Assert.Equal(LogLevel.Information, retry.Level);
        Assert.Contains($"127.0.0.1:{port}", retry.Message);
        // A server that closes its first connection at once: the client's connection goes down and it reconnects.
        int accepted = 0;
        using var server = new ServerHarness(0, s => s.Callbacks.Connection = c =>
        {
            if (c.IsConnected && Interlocked.Increment(ref accepted) == 1)
            {
                c.ForceClose();
            }
        }, port: port);
        Wait.For(up.Task, "the first connection");
        LogEntry reconnect = logger.WaitFor(103, Wait.Limit);
        Assert.Equal(LogLevel.Information, reconnect.Level);
        Assert.StartsWith("logged: the connection to 127.0.0.1:", reconnect.Message);
        client.Disconnect();
    }
}
