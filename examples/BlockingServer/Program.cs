using System;
using System.Net;
using Kiwi.Examples;
using Kiwi.Examples.BlockingServer;
using Kiwi.Net;

// BlockingServer [-p PORT] [--host ADDRESS] [--exit-after SECONDS]
// The seed's server in the blocking I/O model: socket, bind(INADDR_ANY, 23333), listen(50), then accept one client
// at a time, echo what it sends until it shuts down its side, close, and accept the next.
if (!ExampleOptions.TryParse(args, defaultPort: 23333, out ExampleOptions? options))
{
    return 2;
}

// INADDR_ANY as in the seed, unless --host names an address.
IPAddress address = options.HostGiven ? ExampleListener.HostAddress(options) : IPAddress.Any;
using LinuxSocket listener = ExampleListener.Open(address, options.Port, backlog: 50, SocketCreationFlags.CloseOnExec);
BlockingEchoServer server = new(listener);
server.Run(options.StopToken());
return 0;
