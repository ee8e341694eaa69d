using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Reactor;

namespace Kiwi.Reliability.Tests.Defects;

/// <summary>The defects the robustness issue reported, each shown fixed by behaviour (the bad-input suite covers
/// the ones that are a refused argument).</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ReportedDefectTests : IClassFixture<DescriptorLeakCheck>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void ReceiveMessageWithNoRoomForDescriptorsDeliversNoneAndSaysSo()
    {
        (LinuxSocket first, LinuxSocket second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using LinuxSocket sender = first;
        using LinuxSocket receiver = second;
        List<FileDescriptorHandle> passed = new();
        for (int i = 0; i < 6; i++)
        {
            passed.Add(EventFdHandle.Create());
        }
        sender.SendMessage(new byte[] { 1 }, passed.ToArray());
        ReceivedMessage message = receiver.ReceiveMessage(new byte[4], maxDescriptors: 0);
        Assert.Empty(message.Descriptors);
        Assert.True((message.Flags & MessageFlags.ControlTruncated) != 0);
        passed.ForEach(handle => handle.Dispose());
    }

    [Fact]
    public void ARepeatingTimerOfLongMaxValueDoesNotFireEveryPass()
    {
        TimerQueue queue = new();
        int fired = 0;
        queue.Add(0, long.MaxValue, () => fired++);
        for (long now = 0; now < 1000; now++)
        {
            queue.RunExpired(now);
        }
        Assert.Equal(1, fired);
    }

    [Fact]
    public void ATimerIdOfAnotherLoopCancelsNothingThere()
    {
        TimerQueue mine = new();
        TimerQueue other = new();
        int fired = 0;
        mine.Add(0, 0, () => fired++);
        TimerId foreign = other.Add(0, 0, () => { });
        Assert.Throws<ArgumentException>(() => mine.Cancel(foreign));
        mine.RunExpired(1);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void TcpServerAndReactorTcpClientWorkOverAUnixPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kiwi-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        try
        {
            using EventLoopThread serverThread = new("unix-server");
            EventLoop serverLoop = serverThread.StartLoop();
            using TcpServer server = new(serverLoop, new UnixDomainSocketEndPoint(path));
            server.Callbacks.Message = static (connection, buffer, _) => connection.Send(buffer);
            server.Start();

            using EventLoopThread clientThread = new("unix-client");
            EventLoop clientLoop = clientThread.StartLoop();
            using ReactorTcpClient client = new(clientLoop, new UnixDomainSocketEndPoint(path));
            using ManualResetEventSlim echoed = new();
            client.Callbacks.Connection = connection =>
            {
                if (connection.IsConnected)
                {
                    connection.Send("ping");
                }
            };
            client.Callbacks.Message = (_, buffer, _) =>
            {
                if (buffer.ReadableBytes >= 4 && buffer.RetrieveAsString(4) == "ping")
                {
                    echoed.Set();
                }
            };
            client.Connect();
            Assert.True(echoed.Wait(Bound), "no echo over the Unix path");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AWakeUpAfterDisposeWritesNothingIntoAReusedNumber()
    {
        EventLoop? loop = null;
        Thread owner = new(() => loop = new EventLoop());
        owner.Start();
        owner.Join();
        loop!.Dispose();
        // The loop's numbers are free now; a pipe is likely to take one of them.
        (PipeHandle read, PipeHandle write) = PipeHandle.CreatePair(nonBlocking: true);
        using PipeHandle reader = read;
        using PipeHandle writer = write;
        loop.Quit();
        loop.Wakeup();
        Assert.Throws<ObjectDisposedException>(() => loop.QueueInLoop(() => { }));
        Assert.False(reader.TryRead(new byte[8], out _), "8 bytes landed in a pipe that reused the loop's eventfd number");
    }

    [Fact]
    public void ALoopDisposedFromAnotherThreadIsNoLongerCurrent()
    {
        using EventLoop loop = new();
        Assert.Same(loop, EventLoop.Current);
        Thread other = new(loop.Dispose);
        other.Start();
        other.Join();
        Assert.Null(EventLoop.Current);
        using EventLoop next = new();
        Assert.Same(next, EventLoop.Current);
    }

    [Fact]
    public void ARefusedRegistrationLeavesNoSlotBehind()
    {
        using EventLoop loop = new();
        using FileStream file = File.OpenRead("/proc/self/status");
        Channel channel = new(loop, file.SafeFileHandle);
        Assert.Throws<ErrnoException>(channel.EnableReading);
        Assert.Equal(0, loop.ChannelCount);
    }

    [Fact]
    public void AcceptorDisposeOffTheLoopIsRefusedWholeThenSucceedsOnTheLoop()
    {
        using EventLoopThread thread = new("acceptor");
        EventLoop loop = thread.StartLoop();
        Acceptor acceptor = new(loop, new IPEndPoint(IPAddress.Loopback, 0), false);
        acceptor.Listen();
        Assert.Throws<InvalidOperationException>(acceptor.Dispose);
        // Still whole: it accepts a client.
        using (Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.Connect(acceptor.LocalEndPoint!);
            SpinWait.SpinUntil(() => acceptor.AcceptedCount == 1, Bound);
            Assert.Equal(1, acceptor.AcceptedCount);
        }
        using ManualResetEventSlim done = new();
        loop.QueueInLoop(() =>
        {
            acceptor.Dispose();
            done.Set();
        });
        Assert.True(done.Wait(Bound));
        using Socket late = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => late.Connect(acceptor.LocalEndPoint!));
    }

    [Fact]
    public void TcpServerDisposedFromAnotherThreadWhileItsLoopIsIdleClosesItsListener()
    {
        EndPoint address;
        using (EventLoop loop = new())
        {
            TcpServer server = new(loop, new IPEndPoint(IPAddress.Loopback, 0));
            server.Start();
            address = server.LocalEndPoint!;
            Thread other = new(server.Dispose);
            other.Start();
            other.Join();
        }
        using Socket late = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => late.Connect(address));
    }

    [Fact]
    public void ACallQueuedBeforeRunWakesTheLoop()
    {
        using EventLoop loop = new();
        bool ran = false;
        loop.QueueInLoop(() =>
        {
            ran = true;
            loop.Quit();
        });
        loop.Run();
        Assert.True(ran);
    }
}
