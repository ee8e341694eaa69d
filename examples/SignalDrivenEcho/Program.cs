using System;
using System.Net;
using Kiwi.Examples;
using Kiwi.Examples.SignalDrivenEcho;
using Kiwi.Net;

// SignalDrivenEcho [-p PORT] [--host ADDRESS] [--exit-after SECONDS]
// The signal-driven I/O model: the kernel raises a real-time signal (O_ASYNC, F_SETSIG) aimed at one thread
// (F_SETOWN_EX, F_OWNER_TID) whenever a socket becomes ready, and that thread echoes what arrived.
ExampleOptions options;
try
{
    options = ExampleOptions.Parse(args, defaultPort: 23334);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

IPAddress address = IPAddress.Parse(options.Host);
using LinuxSocket listener = LinuxSocket.Create(
    address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? SocketDomain.Inet6 : SocketDomain.Inet,
    SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
listener.Options.ReuseAddress = true;
listener.Bind(new IPEndPoint(address, options.Port));
listener.Listen(128);

using (SignalEchoServer server = new(listener))
{
    Console.WriteLine($"listening on {listener.LocalEndPoint}");
    options.StopToken().WaitHandle.WaitOne();
    Console.WriteLine($"stopping: {server.Describe()}");
}
return 0;
