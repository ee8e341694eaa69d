using System;
using System.Globalization;
using System.Threading;

namespace Kiwi.Examples;

/// <summary>
/// The command line every example shares: <c>-p PORT</c> (0 picks a free one), <c>-t LOOPS</c> (I/O threads),
/// <c>--exit-after SECONDS</c> (stop by itself, for scripts and tests) and <c>--host ADDRESS</c>.
/// A server prints <c>listening on ADDRESS:PORT</c> once it is bound, which is how tests learn the port.
/// </summary>
public sealed class ExampleOptions
{
    /// <summary>The TCP port; 0 lets the kernel pick a free one.</summary>
    public int Port { get; private set; }

    /// <summary>The number of I/O loops (threads); 0 runs everything on the base loop.</summary>
    public int Loops { get; private set; }

    /// <summary>The address to bind or connect to.</summary>
    public string Host { get; private set; } = "127.0.0.1";

    /// <summary>How long the program runs before it stops by itself; infinite when not given.</summary>
    public TimeSpan ExitAfter { get; private set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Parses <paramref name="args"/>; an unknown or malformed option is an <see cref="ArgumentException"/>.</summary>
    public static ExampleOptions Parse(string[] args, int defaultPort, int defaultLoops = 0)
    {
        ExampleOptions options = new() { Port = defaultPort, Loops = defaultLoops };
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {name} needs a value");
            switch (name)
            {
                case "-p" or "--port":
                    options.Port = ParseInt(name, value, 0, 65535);
                    break;
                case "-t" or "--threads":
                    options.Loops = ParseInt(name, value, 0, 1024);
                    break;
                case "--host":
                    options.Host = value;
                    break;
                case "--exit-after":
                    options.ExitAfter = TimeSpan.FromSeconds(ParseInt(name, value, 1, 86400));
                    break;
                default:
                    throw new ArgumentException($"unknown option {name} (known: -p PORT, -t LOOPS, --host ADDRESS, --exit-after SECONDS)");
            }
        }
        return options;
    }

    /// <summary>A token cancelled on Ctrl+C, SIGTERM or when <see cref="ExitAfter"/> has passed.</summary>
    public CancellationToken StopToken()
    {
        CancellationTokenSource stop = new();
        if (ExitAfter != Timeout.InfiniteTimeSpan)
        {
            stop.CancelAfter(ExitAfter);
        }
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        return stop.Token;
    }

    private static int ParseInt(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) || parsed < min || parsed > max)
        {
            throw new ArgumentException($"option {name} takes an integer in {min}..{max}, not '{value}'");
        }
        return parsed;
    }
}
