using System;
using System.Diagnostics;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Reliability.Tests.Dispose;

/// <summary>Dispose from another thread ends a call in flight (within a bounded time) and refuses new calls at once;
/// timeouts, tokens and SO_RCVTIMEO end waits too. Every descriptor is closed afterwards (class fixture).</summary>
[Collection(DescriptorCollection.Name)]
public sealed class DisposeAbortTests : IClassFixture<DescriptorLeakCheck>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BlockedAcceptEndsWhenTheListenerIsDisposed(bool nonBlocking)
    {
        LinuxSocket listener = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream, Flags(nonBlocking));
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        EndPoint address = listener.LocalEndPoint!;
        Task accept = Task.Factory.StartNew(() => listener.Accept().Dispose(), TaskCreationOptions.LongRunning);
        WaitUntilBlocked(accept);
        listener.Dispose();
        AssertEndsWith<ObjectDisposedException>(accept);
        // The disposed listener accepts nothing more: the port is closed.
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        ErrnoException refused = Assert.Throws<ErrnoException>(() => client.Connect(address));
        Assert.Equal("ECONNREFUSED", refused.ErrnoName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BlockedReceiveEndsAndNewCallsAreRefusedAtOnce(bool nonBlocking)
    {
        (LinuxSocket first, LinuxSocket second) = LinuxSocket.CreatePair(SocketKind.Stream, Flags(nonBlocking));
        using LinuxSocket peer = second;
        Task receive = Task.Factory.StartNew(() => first.Receive(new byte[16]), TaskCreationOptions.LongRunning);
        WaitUntilBlocked(receive);
        first.Dispose();
        // Refused at once, whether or not the blocked call has left yet.
        Assert.Throws<ObjectDisposedException>(() => first.TrySend(new byte[1], out _));
        AssertEndsWith<ObjectDisposedException>(receive);
    }

    [Fact]
    public void BlockedSendOnAFullSocketEnds()
    {
        (LinuxSocket first, LinuxSocket second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using LinuxSocket peer = second;
        Task send = Task.Factory.StartNew(() => first.SendAll(new byte[16 << 20]), TaskCreationOptions.LongRunning);
        WaitUntilBlocked(send);
        first.Dispose();
        Exception ended = AssertEnds(send);
        // A send that the shutdown cut short may report EPIPE; both name what ended it.
        Assert.True(ended is ObjectDisposedException || ended is ErrnoException { ErrnoName: "EPIPE" }, ended.ToString());
    }

    [Fact]
    public void WaitForOnAnEventFdEndsWhenDisposed()
    {
        EventFdHandle eventFd = EventFdHandle.Create(nonBlocking: true);
        Task wait = Task.Factory.StartNew(() => eventFd.WaitFor(PollEvents.In), TaskCreationOptions.LongRunning);
        WaitUntilBlocked(wait);
        eventFd.Dispose();
        AssertEndsWith<ObjectDisposedException>(wait);
    }

    [Fact]
    public void ReadOnANonBlockingPipeEndsWhenDisposed()
    {
        (PipeHandle read, PipeHandle write) = PipeHandle.CreatePair(nonBlocking: true);
        using PipeHandle writer = write;
        Task pending = Task.Factory.StartNew(() => read.Read(new byte[8]), TaskCreationOptions.LongRunning);
        WaitUntilBlocked(pending);
        read.Dispose();
        AssertEndsWith<ObjectDisposedException>(pending);
    }

    [Fact]
    public void EpollWaitEndsWhenDisposed()
    {
        EpollHandle epoll = EpollHandle.Create();
        Task wait = Task.Factory.StartNew(() => epoll.Wait(new EpollEvent[4], -1), TaskCreationOptions.LongRunning);
        WaitUntilBlocked(wait);
        epoll.Dispose();
        AssertEndsWith<ObjectDisposedException>(wait);
    }

    [Fact]
    public void EpollWaitStillDeliversEventsAndHonoursItsTimeout()
    {
        using EpollHandle epoll = EpollHandle.Create();
        using EventFdHandle eventFd = EventFdHandle.Create(nonBlocking: true);
        epoll.Add(eventFd, EpollEvents.In, 42);
        EpollEvent[] events = new EpollEvent[4];
        Assert.Equal(0, epoll.Wait(events, 50));
        int ready = 0;
        Task wait = Task.Factory.StartNew(() => ready = epoll.Wait(events, 10_000), TaskCreationOptions.LongRunning);
        WaitUntilBlocked(wait);
        eventFd.TryAdd();
        Assert.True(Finished(wait));
        Assert.Equal(TaskStatus.RanToCompletion, wait.Status);
        Assert.Equal(1, ready);
        Assert.Equal(42UL, events[0].Token);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReceiveTimesOutAfterItsTimeout(bool nonBlocking)
    {
        (LinuxSocket first, LinuxSocket second) = LinuxSocket.CreatePair(SocketKind.Stream, Flags(nonBlocking));
        using LinuxSocket a = first;
        using LinuxSocket b = second;
        Stopwatch clock = Stopwatch.StartNew();
        TimeoutException timeout = Assert.Throws<TimeoutException>(() => a.Receive(new byte[4], timeout: TimeSpan.FromMilliseconds(200)));
        Assert.Contains("recv", timeout.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(190), $"returned after {clock.ElapsedMilliseconds} ms");
        // Still usable: data sent now arrives.
        b.Send(new byte[] { 7 });
        Assert.Equal(1, a.Receive(new byte[4], timeout: Bound));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReceiveFromHonoursSoRcvTimeo(bool nonBlocking)
    {
        using LinuxSocket udp = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram, Flags(nonBlocking));
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        udp.Options.ReceiveTimeout = TimeSpan.FromMilliseconds(300);
        Assert.Equal(TimeSpan.FromMilliseconds(300), udp.Options.ReceiveTimeout);
        Task<int> receive = Task.Factory.StartNew(() => udp.ReceiveFrom(new byte[16], out _), TaskCreationOptions.LongRunning);
        Exception ended = AssertEnds(receive);
        Assert.IsType<TimeoutException>(ended);
        Assert.Contains("recvfrom", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptHonoursACancellationToken()
    {
        using LinuxSocket listener = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        using CancellationTokenSource cancel = new();
        Task accept = Task.Factory.StartNew(() => listener.Accept(cancellationToken: cancel.Token).Dispose(), TaskCreationOptions.LongRunning);
        WaitUntilBlocked(accept);
        cancel.Cancel();
        Exception ended = AssertEnds(accept);
        Assert.IsAssignableFrom<OperationCanceledException>(ended);
        // The listener is untouched: a client still gets through.
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        client.Connect(listener.LocalEndPoint!);
        using LinuxSocket accepted = listener.Accept(timeout: Bound);
    }

    [Fact]
    public void ManyDisposesRacingManyCallsLeakNothing()
    {
        // Each round: a receiver blocked, another thread sending, a third disposing; all end, nothing stays open.
        for (int round = 0; round < 50; round++)
        {
            (LinuxSocket first, LinuxSocket second) = LinuxSocket.CreatePair(SocketKind.Stream, round % 2 == 0 ? SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec : SocketCreationFlags.CloseOnExec);
            using LinuxSocket peer = second;
            Task receive = Task.Factory.StartNew(() => { try { while (first.Receive(new byte[64]) > 0) { } } catch (ObjectDisposedException) { } }, TaskCreationOptions.LongRunning);
            Task send = Task.Run(() => { try { for (int i = 0; i < 100; i++) { peer.Send(new byte[32]); } } catch (ErrnoException) { } });
            Task dispose = Task.Run(first.Dispose);
            Assert.True(Finished(Task.WhenAll(receive, send, dispose)), $"round {round} did not end");
        }
    }

    private static bool Finished(Task task) => task.ContinueWith(_ => { }, TaskScheduler.Default).Wait(Bound);

    private static SocketCreationFlags Flags(bool nonBlocking)
        => nonBlocking ? SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec : SocketCreationFlags.CloseOnExec;

    /// <summary>Gives the task time to enter its blocking call; asserts it has not ended on its own.</summary>
    private static void WaitUntilBlocked(Task task)
    {
        Assert.False(task.Wait(TimeSpan.FromMilliseconds(200)), $"the call ended before Dispose: {task.Exception}");
    }

    private static void AssertEndsWith<T>(Task task) where T : Exception => Assert.IsType<T>(AssertEnds(task));

    private static Exception AssertEnds(Task task)
    {
        Stopwatch clock = Stopwatch.StartNew();
        Assert.True(task.ContinueWith(_ => { }).Wait(Bound), "the blocked call was still blocked after the bound");
        Assert.True(task.IsFaulted || task.IsCanceled, $"the call returned normally after {clock.ElapsedMilliseconds} ms");
        return task.IsCanceled ? new OperationCanceledException() : task.Exception!.InnerException!;
    }
}
