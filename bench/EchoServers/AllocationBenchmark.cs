using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Kiwi.Net.Reactor;

namespace Kiwi.Bench.EchoServers;

/// <summary>
/// Bytes allocated per echoed message by the <see cref="ReactorEchoServer"/>'s TcpServer in steady state: the
/// server runs in this process, a client thread keeps one message in flight on each of its connections
/// (blocking System.Net.Sockets calls on spans, which allocate nothing per call), and after a warm-up the
/// allocation counters are read before and after a fixed number of round trips.
/// </summary>
internal static class AllocationBenchmark
{
    /// <summary>Runs the measurement and prints one result line; returns the process exit code (2 on a wrong byte).</summary>
    public static int Run(int threads, int connections, int size, long messages)
    {
        using var ready = new ManualResetEventSlim();
        EventLoop? baseLoop = null;
        TcpServer? server = null;
        Exception? failure = null;
        var serverThread = new Thread(() =>
        {
            try
            {
                using var loop = new EventLoop();
                using var tcp = new TcpServer(loop, new IPEndPoint(IPAddress.Loopback, 0), "alloc-echo")
                {
                    LoopCount = threads <= 1 ? 0 : threads,
                    NoDelay = true,
                };
                // The same handler as the matrix's reactor server.
                tcp.Callbacks.Message = static (connection, buffer, _) => connection.Send(buffer);
                tcp.Start();
                baseLoop = loop;
                server = tcp;
                ready.Set();
                loop.Run();
            }
            catch (Exception error)
            {
                failure = error;
                ready.Set();
            }
        })
        { IsBackground = true, Name = "alloc-base-loop" };
        serverThread.Start();
        ready.Wait();
        if (failure is not null || server is null || baseLoop is null)
        {
            Console.Error.WriteLine($"alloc: server failed to start: {failure}");
            return 1;
        }

        var endPoint = (IPEndPoint)server.LocalEndPoint!;
        var sockets = new Socket[connections];
        for (int i = 0; i < connections; i++)
        {
            sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            sockets[i].Connect(endPoint);
        }
        byte[] message = new byte[size];
        byte[] echo = new byte[size];
        for (int i = 0; i < size; i++)
        {
            message[i] = (byte)(i * 31 + 7);
        }

        IReadOnlyList<EventLoop> loops = server.Loops;
        var snapshots = new LoopSnapshot[loops.Count];
        for (int i = 0; i < loops.Count; i++)
        {
            snapshots[i] = new LoopSnapshot(loops[i]);
        }

        // Warm-up: buffers reach their steady size, the JIT tiers the hot path up.
        long warmup = Math.Max(50_000, messages / 4);
        var clock = Stopwatch.StartNew();
        if (!Echo(sockets, message, echo, warmup))
        {
            return 2;
        }
        Thread.Sleep(500);
        if (!Echo(sockets, message, echo, warmup / 4))
        {
            return 2;
        }

        long loopBefore = SumLoops(snapshots);
        long processBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0Before = GC.CollectionCount(0);
        long start = clock.ElapsedTicks;
        if (!Echo(sockets, message, echo, messages))
        {
            return 2;
        }
        long elapsed = clock.ElapsedTicks - start;
        long processAfter = GC.GetTotalAllocatedBytes(precise: true);
        int gen0After = GC.CollectionCount(0);
        long loopAfter = SumLoops(snapshots);

        double seconds = (double)elapsed / Stopwatch.Frequency;
        Console.WriteLine(
            $"alloc: loops={loops.Count} conns={connections} size={size} messages={messages} " +
            $"loop_bytes_per_msg={(double)(loopAfter - loopBefore) / messages:F4} " +
            $"process_bytes_per_msg={(double)(processAfter - processBefore) / messages:F4} " +
            $"gen0_collections={gen0After - gen0Before} msgs_per_s={messages / seconds:F0}");

        foreach (Socket socket in sockets)
        {
            socket.Dispose();
        }
        server.Dispose();
        baseLoop.Quit();
        serverThread.Join(TimeSpan.FromSeconds(5));
        return 0;
    }

    /// <summary>Round trips until <paramref name="count"/> messages came back, one in flight per connection; false on a wrong byte.</summary>
    private static bool Echo(Socket[] sockets, byte[] message, byte[] echo, long count)
    {
        long done = 0;
        while (done < count)
        {
            int batch = (int)Math.Min(sockets.Length, count - done);
            for (int i = 0; i < batch; i++)
            {
                message[0] = (byte)i;
                sockets[i].Send(message.AsSpan());
            }
            for (int i = 0; i < batch; i++)
            {
                int received = 0;
                while (received < echo.Length)
                {
                    int n = sockets[i].Receive(echo.AsSpan(received));
                    if (n <= 0)
                    {
                        Console.Error.WriteLine("alloc: FATAL: the server closed a connection");
                        return false;
                    }
                    received += n;
                }
                if (echo[0] != (byte)i || echo[^1] != message[^1])
                {
                    Console.Error.WriteLine("alloc: FATAL: wrong byte in an echo");
                    return false;
                }
            }
            done += batch;
        }
        return true;
    }

    private static long SumLoops(LoopSnapshot[] snapshots)
    {
        long sum = 0;
        foreach (LoopSnapshot snapshot in snapshots)
        {
            sum += snapshot.Take();
        }
        return sum;
    }

    /// <summary>Reads a loop thread's own allocation counter on that thread; reusable, so a snapshot allocates nothing itself.</summary>
    private sealed class LoopSnapshot
    {
        private static readonly Action<object?> s_read = static state => ((LoopSnapshot)state!).ReadOnLoop();

        private readonly EventLoop _loop;
        private readonly ManualResetEventSlim _done = new();
        private long _bytes;

        public LoopSnapshot(EventLoop loop) => _loop = loop;

        public long Take()
        {
            _done.Reset();
            _loop.QueueInLoop(s_read, this);
            _done.Wait();
            return _bytes;
        }

        private void ReadOnLoop()
        {
            _bytes = GC.GetAllocatedBytesForCurrentThread();
            _done.Set();
        }
    }
}
