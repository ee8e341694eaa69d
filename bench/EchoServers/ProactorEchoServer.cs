using System;
using System.Net;
using System.Threading;
using Kiwi.Examples.ProactorEchoServer;

namespace Kiwi.Bench.EchoServers;

/// <summary>The io_uring Proactor echo of examples/ProactorEchoServer: <c>threads</c> rings, one SO_REUSEPORT
/// listener each on the same port.</summary>
internal static class ProactorEchoServer
{
    /// <summary>Runs until <paramref name="stop"/> fires.</summary>
    public static void Run(int port, int threads, CancellationToken stop)
    {
        using EchoRings rings = EchoRings.Start(IPAddress.Loopback, port, threads);
        Console.Error.WriteLine($"proactor: listening on 127.0.0.1:{rings.Port} with {rings.Count} ring(s)");
        stop.WaitHandle.WaitOne();
    }
}
