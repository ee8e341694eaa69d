using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Reactor;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>Bad input for the Reactor: <see cref="EventLoop"/>, its timers, <see cref="Channel"/>, <see cref="Acceptor"/>,
/// <see cref="TcpServer"/>, <see cref="Connector"/>, <see cref="ReactorTcpClient"/>, the loop pool and threads.</summary>
internal static class ReactorCases
{
    public static IEnumerable<BadInputCase> All()
    {
        // EventLoop.
        yield return Case.Throws<InvalidOperationException>("EventLoop()", "a second loop on one thread", s =>
        {
            s.Own(new EventLoop());
            s.Own(new EventLoop());
        });
        yield return Case.Throws<InvalidOperationException>("EventLoop.Run", "wrong thread", s => OtherThreadLoop(s).Run());
        yield return Case.Throws<ObjectDisposedException>("EventLoop.Run", "disposed", s => Disposed(new EventLoop()).Run());
        yield return Case.Throws<ArgumentNullException>("EventLoop.RunInLoop", "null on the loop thread", s => s.Own(new EventLoop()).RunInLoop(null!));
        yield return Case.Throws<ArgumentNullException>("EventLoop.RunInLoop", "null from another thread", s => OtherThreadLoop(s).RunInLoop(null!));
        yield return Case.Throws<ArgumentNullException>("EventLoop.QueueInLoop(Action)", "null", s => s.Own(new EventLoop()).QueueInLoop(null!));
        yield return Case.Throws<ArgumentNullException>("EventLoop.QueueInLoop(Action<object>, object)", "null callback", s => s.Own(new EventLoop()).QueueInLoop(null!, 1));
        yield return Case.Throws<ObjectDisposedException>("EventLoop.QueueInLoop(Action)", "disposed", s => Disposed(new EventLoop()).QueueInLoop(() => { }));
        yield return Case.Throws<ArgumentNullException>("EventLoop.ReportError", "null", s => s.Own(new EventLoop()).ReportError(null!, null));
        yield return Case.Throws<InvalidOperationException>("EventLoop.AssertInLoopThread", "wrong thread", s => OtherThreadLoop(s).AssertInLoopThread());
        yield return Case.Throws<InvalidOperationException>("EventLoop.HasChannel", "wrong thread", s => OtherThreadLoop(s).HasChannel(null!));
        yield return Case.Throws<InvalidOperationException>("EventLoop.Dispose", "while running", s =>
        {
            EventLoop loop = s.Own(new EventLoop());
            loop.QueueInLoop(loop.Dispose);
            loop.QueueInLoop(loop.Quit);
            // The queued Dispose throws inside Run, which reports it: raise it here instead.
            Exception? failure = null;
            loop.ErrorReported += (_, e) => failure ??= e.Exception;
            loop.Run();
            throw failure!;
        });
        yield return Case.Throws<ArgumentNullException>("EventLoop.RunAfter", "null callback", s => s.Own(new EventLoop()).RunAfter(TimeSpan.Zero, null!));
        yield return Case.Throws<ArgumentNullException>("EventLoop.RunAt", "null callback", s => s.Own(new EventLoop()).RunAt(DateTime.Now, null!));
        yield return Case.Throws<ArgumentOutOfRangeException>("EventLoop.RunEvery", "zero interval", s => s.Own(new EventLoop()).RunEvery(TimeSpan.Zero, () => { }));
        yield return Case.Throws<ArgumentOutOfRangeException>("EventLoop.RunEvery", "negative interval", s => s.Own(new EventLoop()).RunEvery(TimeSpan.FromSeconds(-1), () => { }));
        yield return Case.Throws<ObjectDisposedException>("EventLoop.RunAfter", "disposed", s => Disposed(new EventLoop()).RunAfter(TimeSpan.Zero, () => { }));
        yield return Case.Throws<ArgumentException>("EventLoop.Cancel", "a TimerId of another loop", s =>
        {
            EventLoop other = OtherThreadLoop(s);
            TimerId foreign = other.RunAfter(TimeSpan.FromHours(1), () => { });
            s.Own(new EventLoop()).Cancel(foreign);
        });

        // TimerQueue.
        yield return Case.Throws<ArgumentNullException>("TimerQueue.Add", "null callback", _ => new TimerQueue().Add(0, 0, null!));
        yield return Case.Throws<ArgumentOutOfRangeException>("TimerQueue.Add", "interval -1", _ => new TimerQueue().Add(0, -1, () => { }));
        yield return Case.Throws<ArgumentException>("TimerQueue.Cancel", "a TimerId of another queue", _ => new TimerQueue().Cancel(new TimerQueue().Add(0, 0, () => { })));

        // Channel.
        yield return Case.Throws<ArgumentNullException>("Channel(EventLoop, SafeHandle)", "null descriptor", s => _ = new Channel(s.Own(new EventLoop()), (System.Runtime.InteropServices.SafeHandle)null!));
        yield return Case.Throws<ObjectDisposedException>("Channel(EventLoop, SafeHandle)", "disposed descriptor", s => _ = new Channel(s.Own(new EventLoop()), s.DisposedSocket().Handle));
        yield return Case.Throws<InvalidOperationException>("Channel.EnableReading", "wrong thread", s => new Channel(OtherThreadLoop(s), s.Socket().Handle).EnableReading());
        yield return Case.Errno("Channel.EnableReading", "a regular file", "epoll_ctl(EPOLL_CTL_ADD)", "EPERM", s =>
        {
            System.IO.FileStream file = s.Own(System.IO.File.OpenRead("/proc/self/status"));
            new Channel(s.Own(new EventLoop()), file.SafeFileHandle).EnableReading();
        });

        // Acceptor.
        yield return Case.Throws<ArgumentNullException>("Acceptor(EventLoop, EndPoint, bool)", "null loop", _ => new Acceptor(null!, new IPEndPoint(IPAddress.Loopback, 0), false));
        yield return Case.Throws<ArgumentNullException>("Acceptor(EventLoop, EndPoint, bool)", "null address", s => _ = new Acceptor(s.Own(new EventLoop()), null!, false));
        yield return Case.Throws<ArgumentException>("Acceptor(EventLoop, EndPoint, bool)", "a DnsEndPoint", s => _ = new Acceptor(s.Own(new EventLoop()), new DnsEndPoint("localhost", 0), false));
        yield return Case.Errno("Acceptor(EventLoop, EndPoint, bool)", "a port in use", "bind", "EADDRINUSE", s => _ = new Acceptor(s.Own(new EventLoop()), s.Listener().LocalEndPoint!, false));
        yield return Case.Throws<ObjectDisposedException>("Acceptor.Listen", "disposed", s =>
        {
            Acceptor acceptor = new(s.Own(new EventLoop()), new IPEndPoint(IPAddress.Loopback, 0), false);
            acceptor.Dispose();
            acceptor.Listen();
        });
        yield return Case.Throws<InvalidOperationException>("Acceptor.Dispose", "another thread while its loop runs", s =>
        {
            EventLoop loop = OtherThreadLoop(s);
            Acceptor acceptor = s.OwnOnLoop(loop, new Acceptor(loop, new IPEndPoint(IPAddress.Loopback, 0), false));
            acceptor.Listen();
            acceptor.Dispose();
        });

        // TcpServer.
        yield return Case.Throws<ArgumentNullException>("TcpServer(EventLoop, EndPoint, string)", "null loop", _ => new TcpServer(null!, new IPEndPoint(IPAddress.Loopback, 0)));
        yield return Case.Throws<ArgumentNullException>("TcpServer(EventLoop, EndPoint, string)", "null address", s => _ = new TcpServer(s.Own(new EventLoop()), null!));
        yield return Case.Throws<ArgumentOutOfRangeException>("TcpServer.LoopCount", "-1", s => _ = new TcpServer(s.Own(new EventLoop()), new IPEndPoint(IPAddress.Loopback, 0)) { LoopCount = -1 });
        yield return Case.Errno("TcpServer.Start", "a port in use", "bind", "EADDRINUSE", s => s.Own(new TcpServer(s.Own(new EventLoop()), s.Listener().LocalEndPoint!)).Start());
        yield return Case.Throws<ObjectDisposedException>("TcpServer.Start", "disposed", s =>
        {
            TcpServer server = new(s.Own(new EventLoop()), new IPEndPoint(IPAddress.Loopback, 0));
            server.Dispose();
            server.Start();
        });

        // Connector and ReactorTcpClient.
        yield return Case.Throws<ArgumentNullException>("Connector(EventLoop, EndPoint)", "null address", s => _ = new Connector(s.Own(new EventLoop()), null!));
        yield return Case.Throws<ArgumentException>("Connector(EventLoop, EndPoint)", "a DnsEndPoint", s => _ = new Connector(s.Own(new EventLoop()), new DnsEndPoint("localhost", 80)));
        yield return Case.Throws<ArgumentOutOfRangeException>("Connector.MaxRetryDelay", "-1 s", s => _ = new Connector(s.Own(new EventLoop()), new IPEndPoint(IPAddress.Loopback, 9)) { MaxRetryDelay = TimeSpan.FromSeconds(-1) });
        yield return Case.Throws<ArgumentOutOfRangeException>("Connector.InitialRetryDelay", "zero", s => _ = new Connector(s.Own(new EventLoop()), new IPEndPoint(IPAddress.Loopback, 9)) { InitialRetryDelay = TimeSpan.Zero });
        yield return Case.Throws<InvalidOperationException>("Connector.Restart", "wrong thread", s => new Connector(OtherThreadLoop(s), new IPEndPoint(IPAddress.Loopback, 9)).Restart());
        yield return Case.Throws<ArgumentNullException>("ReactorTcpClient(EventLoop, EndPoint, string)", "null loop", _ => new ReactorTcpClient(null!, new IPEndPoint(IPAddress.Loopback, 9)));
        yield return Case.Throws<ArgumentNullException>("ReactorTcpClient(EventLoop, EndPoint, string)", "null address", s => _ = new ReactorTcpClient(s.Own(new EventLoop()), null!));
        yield return Case.Throws<ObjectDisposedException>("ReactorTcpClient.Connect", "disposed", s =>
        {
            ReactorTcpClient client = new(s.Own(new EventLoop()), new IPEndPoint(IPAddress.Loopback, 9));
            client.Dispose();
            client.Connect();
        });

        // Pools and threads.
        yield return Case.Throws<ArgumentNullException>("EventLoopPool(EventLoop, int, string)", "null loop", _ => new EventLoopPool(null!, 1));
        yield return Case.Throws<ArgumentOutOfRangeException>("EventLoopPool(EventLoop, int, string)", "-1 loops", s => _ = new EventLoopPool(s.Own(new EventLoop()), -1));
        yield return Case.Throws<InvalidOperationException>("EventLoopPool.Start", "twice", s =>
        {
            EventLoopPool pool = s.Own(new EventLoopPool(s.Own(new EventLoop()), 0));
            pool.Start();
            pool.Start();
        });
        yield return Case.Throws<InvalidOperationException>("EventLoopThread.StartLoop", "twice", s =>
        {
            EventLoopThread thread = s.Own(new EventLoopThread());
            thread.StartLoop();
            thread.StartLoop();
        });
        yield return Case.Throws<ObjectDisposedException>("EventLoopThread.StartLoop", "disposed", _ =>
        {
            EventLoopThread thread = new();
            thread.Dispose();
            thread.StartLoop();
        });

        // TcpConnection.
        yield return Case.Throws<ArgumentNullException>("TcpConnection.Send(string)", "null", s => Connection(s).Send((string)null!));
        yield return Case.Throws<ArgumentNullException>("TcpConnection.Send(ByteBuffer)", "null", s => Connection(s).Send((ByteBuffer)null!));
    }

    /// <summary>A loop running on its own thread, stopped with the scope.</summary>
    private static EventLoop OtherThreadLoop(Scope scope) => scope.Own(new EventLoopThread("bad-input")).StartLoop();

    /// <summary>A live server-side connection on a loop thread of its own.</summary>
    private static TcpConnection Connection(Scope scope)
    {
        EventLoop loop = OtherThreadLoop(scope);
        TcpServer server = scope.Own(new TcpServer(loop, new IPEndPoint(IPAddress.Loopback, 0)));
        using ManualResetEventSlim up = new();
        TcpConnection? accepted = null;
        server.Callbacks.Connection = c =>
        {
            accepted = c;
            up.Set();
        };
        server.Start();
        Socket client = scope.Own(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        client.Connect(server.LocalEndPoint!);
        if (!up.Wait(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("the test server did not report its connection");
        }
        return accepted!;
    }

    private static T Disposed<T>(T resource) where T : IDisposable
    {
        resource.Dispose();
        return resource;
    }
}
