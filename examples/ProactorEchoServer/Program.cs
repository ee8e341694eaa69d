using System;
using System.Net;
using System.Threading;
using Kiwi.Examples;
using Kiwi.Examples.ProactorEchoServer;
using Kiwi.Net.Proactor;

// ProactorEchoServer [-p PORT] [-t RINGS] [--host ADDRESS] [--exit-after SECONDS]
// An echo server on io_uring: RINGS Proactors (a ring and a thread each; 0 counts as 1), each with its own
// SO_REUSEPORT listener on the same port, so the kernel spreads the connections over the rings.
if (!ExampleOptions.TryParse(args, defaultPort: 2007, out ExampleOptions? options))
{
    return 2;
}

CancellationToken stop = options.StopToken();
IPAddress address = IPAddress.Parse(options.Host);
try
{
    using EchoRings rings = EchoRings.Start(address, options.Port, options.Loops);
    Console.WriteLine($"listening on {new IPEndPoint(address, rings.Port)}");
    Console.Out.Flush();
    stop.WaitHandle.WaitOne();
}
catch (IoUringUnavailableException error)
{
    Console.Error.WriteLine(error.Message);
    return 1;
}
return 0;
