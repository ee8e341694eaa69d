using System;
using Kiwi.Examples;
using Kiwi.Examples.SignalDrivenEcho;
using Kiwi.Net;

// SignalDrivenEcho [-p PORT] [--host ADDRESS] [--exit-after SECONDS]
// The signal-driven I/O model: the kernel raises a real-time signal (O_ASYNC, F_SETSIG) aimed at one thread
// (F_SETOWN_EX, F_OWNER_TID) whenever a socket becomes ready, and that thread echoes what arrived.
if (!ExampleOptions.TryParse(args, defaultPort: 23334, out ExampleOptions? options))
{
    return 2;
}

using LinuxSocket listener = ExampleListener.OpenNonBlocking(options, backlog: 128);
using (SignalEchoServer server = new(listener))
{
    options.StopToken().WaitHandle.WaitOne();
    Console.WriteLine($"stopping: {server.Describe()}");
}
return 0;
