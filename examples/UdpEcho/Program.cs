using System.Net;
using Kiwi.Examples;
using Kiwi.Examples.UdpEcho;
using Kiwi.Net;

// UdpEcho [-p PORT] [--host ADDRESS] [--exit-after SECONDS] [-b BATCH]
// A UDP echo server on batch calls: recvmmsg takes every queued datagram (up to BATCH) in one system call, and
// sendmmsg sends each back to its sender from the same slots, without copying or allocating. --host ::1 serves IPv6.
if (!ExampleOptions.TryParse(args, defaultPort: 23334, out ExampleOptions? options, "-b"))
{
    return 2;
}
if (!int.TryParse(options.Extra("-b", "64"), out int batchSize) || batchSize < 1 || batchSize > DatagramBatch.MaxCapacity)
{
    System.Console.Error.WriteLine($"option -b takes an integer in 1..{DatagramBatch.MaxCapacity}");
    return 2;
}

IPAddress address = ExampleListener.HostAddress(options);
using LinuxSocket socket = LinuxSocket.Create(SocketDomains.Of(address), SocketKind.Datagram,
    SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
socket.Bind(new IPEndPoint(address, options.Port));
System.Console.WriteLine($"listening on {socket.LocalEndPoint}");
using DatagramBatch batch = new(batchSize, datagramSize: 65536);
BatchEchoServer server = new(socket, batch);
server.Run(options.StopToken());
System.Console.WriteLine($"echoed {server.Datagrams} datagrams in {server.Batches} batches");
return 0;
