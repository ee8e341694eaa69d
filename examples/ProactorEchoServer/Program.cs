using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using Kiwi.Examples;
using Kiwi.Examples.ProactorEchoServer;
using Kiwi.Net;
using Kiwi.Net.Proactor;

// ProactorEchoServer [-p PORT] [-t RINGS] [--host ADDRESS] [--exit-after SECONDS]
// An echo server on io_uring: RINGS Proactors (a ring and a thread each; 0 counts as 1), each with its own
// SO_REUSEPORT listener on the same port, so the kernel spreads the connections over the rings.
ExampleOptions options;
try
{
    options = ExampleOptions.Parse(args, defaultPort: 2007, defaultLoops: 1);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

CancellationToken stop = options.StopToken();
IPAddress address = IPAddress.Parse(options.Host);
int rings = Math.Max(1, options.Loops);
List<Proactor> proactors = new();
List<LinuxSocket> listeners = new();
try
{
    int port = options.Port;
    for (int i = 0; i < rings; i++)
    {
        LinuxSocket listener = LinuxSocket.Create(
            address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? SocketDomain.Inet6 : SocketDomain.Inet, SocketKind.Stream);
        listeners.Add(listener);
        listener.Options.ReuseAddress = true;
        listener.Options.ReusePort = true;
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen(4096);
        // With -p 0 the first bind picks the port; the other rings join it.
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        Proactor proactor = new(new ProactorOptions { ThreadName = $"proactor-{i}" });
        proactors.Add(proactor);
        new EchoServer(proactor, listener).Start();
    }
    Console.WriteLine($"listening on {new IPEndPoint(address, port)}");
    Console.Out.Flush();
    stop.WaitHandle.WaitOne();
}
catch (IoUringUnavailableException error)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}
finally
{
    // Dispose cancels the accepts and receives in flight and closes what the rings still hold.
    foreach (Proactor proactor in proactors)
    {
        proactor.Dispose();
    }
    foreach (LinuxSocket listener in listeners)
    {
        listener.Dispose();
    }
}
return 0;
