using System;
using Kiwi.Examples;
using Kiwi.Examples.NonBlockingEcho;
using Kiwi.Net;

// NonBlockingEcho [-p PORT] [--host ADDRESS] [--exit-after SECONDS]
// The non-blocking I/O model: every socket is O_NONBLOCK, and one thread asks each in turn whether it is ready,
// by calling it. No select/poll/epoll: EAGAIN says "not now", and an idle round sleeps a little.
if (!ExampleOptions.TryParse(args, defaultPort: 23333, out ExampleOptions? options))
{
    return 2;
}

using LinuxSocket listener = ExampleListener.OpenNonBlocking(options, backlog: 128);
new SpinningEchoServer(listener).Run(options.StopToken());
return 0;
