using System;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Bench.EchoServers;

// EchoServers SERVER -p PORT [-t THREADS] [--seconds N]: one of the .NET echo servers of the matrix.
// EchoServers alloc [-t THREADS] [--conns N] [--size BYTES] [--messages N]: bytes allocated per echoed message.
if (args is ["--list"])
{
    Console.WriteLine(string.Join(Environment.NewLine, ServerOptions.Known.Split(' ')));
    return 0;
}

var options = ServerOptions.Parse(args);
if (options.Server == "alloc")
{
    return AllocationBenchmark.Run(options.Threads, options.Connections, options.Size, options.Messages);
}

using var stop = options.Seconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds)) : new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

switch (options.Server)
{
    case "reactor":
        ReactorEchoServer.Run(options.Port, options.Threads, stop.Token);
        break;
    case "proactor":
        ProactorEchoServer.Run(options.Port, options.Threads, stop.Token);
        break;
    case "sns":
        await SocketsAsyncEchoServer.RunAsync(options.Port, stop.Token);
        break;
    default:
        Console.Error.WriteLine($"unknown server '{options.Server}'; known: {ServerOptions.Known}");
        return 2;
}

return 0;
