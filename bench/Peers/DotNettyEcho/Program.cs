using System;
using System.Net;
using System.Threading;
using DotNetty.Transport.Bootstrapping;
using DotNetty.Transport.Channels;
using DotNetty.Transport.Channels.Sockets;
using Kiwi.Bench.Peers.DotNettyEcho;

// DotNettyEcho -p PORT [-t WORKERS]: a DotNetty 0.7.6 echo server on 127.0.0.1 (one boss thread accepting,
// WORKERS event loops serving, 1 by default), TCP_NODELAY on every connection; runs until SIGINT or SIGTERM.
int port = 0, workers = 1;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "-p": port = int.Parse(args[i + 1]); break;
        case "-t": workers = int.Parse(args[i + 1]); break;
        default: Console.Error.WriteLine("usage: DotNettyEcho -p PORT [-t WORKERS]"); return 2;
    }
}

var boss = new MultithreadEventLoopGroup(1);
var worker = new MultithreadEventLoopGroup(workers);
using var stop = new ManualResetEventSlim();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Set(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Set();
try
{
    var handler = new EchoHandler();
    IChannel listener = await new ServerBootstrap()
        .Group(boss, worker)
        .Channel<TcpServerSocketChannel>()
        .Option(ChannelOption.SoBacklog, 1024)
        .ChildOption(ChannelOption.TcpNodelay, true)
        .ChildHandler(new ActionChannelInitializer<IChannel>(channel => channel.Pipeline.AddLast(handler)))
        .BindAsync(new IPEndPoint(IPAddress.Loopback, port));
    Console.Error.WriteLine($"dotnetty: listening on 127.0.0.1:{port}");
    stop.Wait();
    await listener.CloseAsync();
}
finally
{
    await boss.ShutdownGracefullyAsync(TimeSpan.Zero, TimeSpan.FromSeconds(1));
    await worker.ShutdownGracefullyAsync(TimeSpan.Zero, TimeSpan.FromSeconds(1));
}

return 0;
