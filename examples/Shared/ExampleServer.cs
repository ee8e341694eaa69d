using System;
using System.Net;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Reactor;

namespace Kiwi.Examples;

/// <summary>
/// What every example server does around its callbacks: parse <see cref="ExampleOptions"/>, start a
/// <see cref="TcpServer"/> on a base loop on the main thread, print <c>listening on ADDRESS:PORT</c> once bound,
/// log what its loops survive to standard error (<see cref="StandardErrorLogger"/>), and serve until
/// <see cref="ExampleOptions.StopToken"/> fires.
/// </summary>
public static class ExampleServer
{
    /// <summary>Runs the server; returns the process exit code (0 after a clean stop, 1 if it could not listen, 2 for bad options).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="name">The server's name, for its messages and its connections' names.</param>
    /// <param name="defaultPort">The port without <c>-p</c>.</param>
    /// <param name="configure">Sets the server's callbacks before it starts.</param>
    public static int Run(string[] args, string name, int defaultPort, Action<TcpServer> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ExampleOptions options;
        IPAddress host;
        try
        {
            options = ExampleOptions.Parse(args, defaultPort);
            host = IPAddress.Parse(options.Host);
        }
        catch (Exception error) when (error is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"{name}: {error.Message}");
            return 2;
        }
        CancellationToken stop = options.StopToken();
        using var loop = new EventLoop { Logger = StandardErrorLogger.Instance };
        using var server = new TcpServer(loop, new IPEndPoint(host, options.Port), name) { LoopCount = options.Loops };
        configure(server);
        try
        {
            server.Start();
        }
        catch (ErrnoException error)
        {
            Console.Error.WriteLine($"{name}: cannot listen on {host}:{options.Port}: {error.Message}");
            return 1;
        }
        Console.WriteLine($"listening on {server.LocalEndPoint}");
        using CancellationTokenRegistration quit = stop.Register(loop.Quit);
        loop.Run();
        Console.WriteLine($"{name}: stopped");
        return 0;
    }
}
