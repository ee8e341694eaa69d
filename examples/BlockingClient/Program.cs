using System;
using System.IO;
using System.Net;
using System.Text;
using Kiwi.Examples;
using Kiwi.Net;

// BlockingClient [-p PORT] [--host ADDRESS] [-m MESSAGE]
// The seed's client in the blocking I/O model: socket, connect to 127.0.0.1:23333, send a message, print the reply.
if (!ExampleOptions.TryParse(args, defaultPort: 23333, out ExampleOptions? options, "-m"))
{
    return 2;
}

string message = options.Extra("-m", "hello, kiwi");
IPEndPoint server = new(ExampleListener.HostAddress(options), options.Port);
try
{
    using LinuxSocket socket = LinuxSocket.Create(SocketDomains.Of(server.Address), SocketKind.Stream);
    socket.Connect(server);
    socket.SendAll(Encoding.UTF8.GetBytes(message), MessageFlags.NoSignal);
    // Half-close: the server echoes until it reads end of stream, then closes, which ends our reply.
    socket.Shutdown(ShutdownHow.Write);
    string reply = Encoding.UTF8.GetString(ReadToEnd(socket));
    Console.WriteLine($"reply: {reply}");
    return reply == message ? 0 : 1;
}
catch (ErrnoException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

// Receives until the server closes (recv returns 0).
static byte[] ReadToEnd(LinuxSocket socket)
{
    MemoryStream reply = new();
    byte[] buffer = new byte[4096];
    int n;
    while ((n = socket.Receive(buffer)) > 0)
    {
        reply.Write(buffer, 0, n);
    }
    return reply.ToArray();
}
