using System;
using Kiwi.Examples;
using Kiwi.Examples.PollEcho;
using Kiwi.Net;

// PollEcho [-p PORT] [--host ADDRESS] [--exit-after SECONDS]
// The multiplexed I/O model on poll(2): one thread waits for any of its sockets to be ready.
if (!ExampleOptions.TryParse(args, defaultPort: 23333, out ExampleOptions? options))
{
    return 2;
}

using LinuxSocket listener = ExampleListener.OpenNonBlocking(options, backlog: 128);
new PollEchoServer(listener).Run(options.StopToken());
return 0;
