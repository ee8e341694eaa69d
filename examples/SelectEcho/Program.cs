using System;
using Kiwi.Examples;
using Kiwi.Examples.SelectEcho;
using Kiwi.Net;

// SelectEcho [-p PORT] [--host ADDRESS] [--exit-after SECONDS]
// The multiplexed I/O model on select(2): one thread waits for any of its sockets to be ready.
if (!ExampleOptions.TryParse(args, defaultPort: 23333, out ExampleOptions? options))
{
    return 2;
}

using LinuxSocket listener = ExampleListener.OpenNonBlocking(options, backlog: 128);
new SelectEchoServer(listener).Run(options.StopToken());
return 0;
