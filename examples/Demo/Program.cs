using System;
using System.Net;
using System.Text;
using System.Threading;
using Kiwi.Examples.Demo;
using Kiwi.Net.Reactor;

// Demo (what `./build.sh demo` runs): an echo server (TcpServer, one I/O loop) on a free loopback port and a
// ReactorTcpClient on its own loop talking to it, in this process; every step is printed. Exits 0 when every
// message came back intact and the connection closed, 1 otherwise, within a few seconds either way.
TimeSpan limit = TimeSpan.FromSeconds(10);
int failures = 0;
void OnError(object? sender, ReactorErrorEventArgs e)
{
    Interlocked.Increment(ref failures);
    Console.WriteLine($"[error] {e.Source?.GetType().Name}: {e.Exception.Message}");
}

byte[] block = new byte[64 * 1024];
new Random(42).NextBytes(block);
var conversation = new EchoConversation(
    Encoding.ASCII.GetBytes("Hello, Kiwi!"),
    Encoding.ASCII.GetBytes("The Reactor echoes every byte."),
    block);

Console.WriteLine("[demo] starting an echo server (TcpServer, 1 I/O loop) on 127.0.0.1, port chosen by the kernel");
using var serverThread = new EventLoopThread("demo-server", loop => loop.ErrorReported += OnError);
using var server = new TcpServer(serverThread.StartLoop(), new IPEndPoint(IPAddress.Loopback, 0), "echo") { LoopCount = 1 };
server.LoopInitializer = loop => loop.ErrorReported += OnError;
server.Callbacks.Connection = connection =>
    Console.WriteLine($"[server] connection {(connection.IsConnected ? "up" : "down")}: {connection.PeerEndPoint}");
server.Callbacks.Message = (connection, buffer, _) =>
{
    Console.WriteLine($"[server] echoing {buffer.ReadableBytes} bytes");
    connection.Send(buffer);
};
server.Start();
Console.WriteLine($"[server] listening on {server.LocalEndPoint}");

using var clientThread = new EventLoopThread("demo-client", loop => loop.ErrorReported += OnError);
using var client = new ReactorTcpClient(clientThread.StartLoop(), server.LocalEndPoint!, "demo-client");
conversation.Attach(client);
Console.WriteLine($"[client] connecting to {server.LocalEndPoint}");
client.Connect();

bool finished = conversation.Finished.Wait(limit);
bool intact = finished && conversation.Finished.Result;
bool serverClosed = SpinWait.SpinUntil(() => server.ConnectionCount == 0, limit);
Console.WriteLine(
    $"[demo] {conversation.MessagesEchoed} messages, {conversation.BytesSent} bytes sent, {conversation.BytesEchoed} bytes echoed; " +
    $"connection {(finished ? "closed" : "still open")} on the client, {(serverClosed ? "closed" : "still open")} on the server");
if (!finished || !intact || !serverClosed || Volatile.Read(ref failures) != 0)
{
    Console.WriteLine(finished ? "[demo] FAILED: the echo was not intact or an error was reported" : $"[demo] FAILED: no end within {limit.TotalSeconds} s");
    return 1;
}
Console.WriteLine("[demo] done: the server echoed every byte and both sides closed cleanly");
return 0;
