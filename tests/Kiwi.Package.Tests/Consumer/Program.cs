using System;
using System.Diagnostics;
using System.Net;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Reactor;

// A package user's first program, copied into a fresh project by PackageConsumerTests: an echo TcpServer on a
// loop thread of its own and a blocking LinuxSocket client that sends a 64 KiB block and checks every byte that
// comes back. Prints "echoed N bytes in T ms" and exits 0; exits 1 on a mismatch or an error, 2 after 20 s.
using Timer watchdog = new(_ =>
{
    Console.Error.WriteLine("consumer: no echo within 20 s");
    Environment.Exit(2);
}, null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);

Stopwatch clock = Stopwatch.StartNew();
using EventLoopThread serverThread = new("consumer-server");
EventLoop loop = serverThread.StartLoop();
using TcpServer server = new(loop, new IPEndPoint(IPAddress.Loopback, 0), "consumer");
server.Callbacks.Message = static (connection, buffer, _) => connection.Send(buffer);
server.Start();

byte[] sent = new byte[64 * 1024];
for (int i = 0; i < sent.Length; i++)
{
    sent[i] = (byte)(i * 31 + 7);
}
using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
client.Connect(server.LocalEndPoint!);
client.SendAll(sent);

byte[] received = new byte[sent.Length];
int total = 0;
int read = 1;
while (total < received.Length && read > 0)
{
    read = client.Receive(received.AsSpan(total));
    total += read;
}
if (!received.AsSpan(0, total).SequenceEqual(sent))
{
    Console.Error.WriteLine($"consumer: sent {sent.Length} bytes, {total} came back, not the same");
    return 1;
}
Console.WriteLine($"echoed {total} bytes in {clock.ElapsedMilliseconds} ms");
return 0;
