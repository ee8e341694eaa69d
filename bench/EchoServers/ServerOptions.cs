using System;
using System.Globalization;

namespace Kiwi.Bench.EchoServers;

/// <summary>
/// The command line every benchmark server shares: SERVER -p PORT [-t THREADS] [--seconds N]; the allocation
/// benchmark (SERVER = alloc) also takes --conns, --size and --messages.
/// </summary>
internal sealed record ServerOptions(string Server, int Port, int Threads, int Seconds, int Connections, int Size, int Messages)
{
    /// <summary>The server names Program knows, space-separated (for --list and the usage line).</summary>
    public const string Known = "reactor sns proactor";

    /// <summary>Parses the arguments; exits with a usage line on anything it does not understand.</summary>
    public static ServerOptions Parse(string[] args)
    {
        if (args.Length == 0)
        {
            Usage();
        }

        string server = args[0];
        int port = 0, threads = 1, seconds = 0, connections = 100, size = 64, messages = 1_000_000;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-p": port = Number(args, ++i); break;
                case "-t": threads = Number(args, ++i); break;
                case "--seconds": seconds = Number(args, ++i); break;
                case "--conns": connections = Number(args, ++i); break;
                case "--size": size = Number(args, ++i); break;
                case "--messages": messages = Number(args, ++i); break;
                default: Usage(); break;
            }
        }

        return new ServerOptions(server, port, threads, seconds, Math.Max(1, connections), Math.Max(2, size), Math.Max(1, messages));
    }

    private static int Number(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : Usage();

    private static int Usage()
    {
        Console.Error.WriteLine($"usage: EchoServers {{{Known.Replace(' ', '|')}}} -p PORT [-t THREADS] [--seconds N] | alloc [-t THREADS] [--conns N] [--size BYTES] [--messages N]");
        Environment.Exit(2);
        return 0;
    }
}
