using System;
using System.Net;
using System.Threading;
using Kiwi.Net.Reactor;

namespace Kiwi.Bench.EchoServers;

/// <summary>Kiwi.Net's TcpServer echoing every message back, with <c>threads</c> I/O loops (1 = all on the base loop).</summary>
internal static class ReactorEchoServer
{
    /// <summary>Runs on this thread until <paramref name="stop"/> fires.</summary>
    public static void Run(int port, int threads, CancellationToken stop)
    {
        using var loop = new EventLoop();
        using var server = new TcpServer(loop, new IPEndPoint(IPAddress.Loopback, port), "bench-echo")
        {
            // One loop means the base loop does the I/O itself, as the C server's single thread does.
            LoopCount = threads <= 1 ? 0 : threads,
            NoDelay = true,
        };
        server.Callbacks.Message = static (connection, buffer, _) => connection.Send(buffer);
        server.Start();
        using CancellationTokenRegistration quit = stop.Register(loop.Quit);
        Console.Error.WriteLine($"reactor: listening on 127.0.0.1:{port} with {Math.Max(1, threads)} loop(s)");
        loop.Run();
    }
}
