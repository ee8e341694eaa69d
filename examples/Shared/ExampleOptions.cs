using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading;

namespace Kiwi.Examples;

/// <summary>
/// The command line every example shares: <c>-p PORT</c> (0 picks a free one), <c>-t LOOPS</c> (I/O threads),
/// <c>--exit-after SECONDS</c> (stop by itself, for scripts and tests) and <c>--host ADDRESS</c>.
/// A server prints <c>listening on ADDRESS:PORT</c> once it is bound, which is how tests learn the port.
/// A program with options of its own (a client's message, a server's mode) names them in <see cref="Parse"/> and
/// reads them with <see cref="Extra"/>.
/// </summary>
public sealed class ExampleOptions
{
    private readonly Dictionary<string, string> _extras = new(StringComparer.Ordinal);

    /// <summary>The TCP port; 0 lets the kernel pick a free one.</summary>
    public int Port { get; private set; }

    /// <summary>The number of I/O loops (threads); 0 runs everything on the base loop.</summary>
    public int Loops { get; private set; }

    /// <summary>The address to bind or connect to.</summary>
    public string Host { get; private set; } = "127.0.0.1";

    /// <summary>How long the program runs before it stops by itself; infinite when not given.</summary>
    public TimeSpan ExitAfter { get; private set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Whether <c>--host</c> was given (a server may then bind that address instead of its default).</summary>
    public bool HostGiven { get; private set; }

    /// <summary>Parses <paramref name="args"/>; an unknown or malformed option is an <see cref="ArgumentException"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="defaultPort">The port when <c>-p</c> is not given.</param>
    /// <param name="defaultLoops">The loop count when <c>-t</c> is not given.</param>
    /// <param name="extraOptions">The program's own options (e.g. <c>-m</c>), each taking one value.</param>
    public static ExampleOptions Parse(string[] args, int defaultPort, int defaultLoops = 0, params string[] extraOptions)
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
                    options.HostGiven = true;
                    break;
                case "--exit-after":
                    options.ExitAfter = TimeSpan.FromSeconds(ParseInt(name, value, 1, 86400));
                    break;
                case var extra when Array.IndexOf(extraOptions, extra) >= 0:
                    options._extras[extra] = value;
                    break;
                default:
                    string own = extraOptions.Length == 0 ? "" : ", " + string.Join(", ", extraOptions);
                    throw new ArgumentException($"unknown option {name} (known: -p PORT, -t LOOPS, --host ADDRESS, --exit-after SECONDS{own})");
            }
        }
        return options;
    }

    /// <summary>Parses like <see cref="Parse"/>, but prints a malformed command line's error on stderr and returns
    /// false, so that a program can end with exit code 2 instead of a stack trace.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="defaultPort">The port when <c>-p</c> is not given.</param>
    /// <param name="options">The parsed options, when true is returned.</param>
    /// <param name="extraOptions">The program's own options, each taking one value.</param>
    public static bool TryParse(string[] args, int defaultPort, [NotNullWhen(true)] out ExampleOptions? options, params string[] extraOptions)
    {
        try
        {
            options = Parse(args, defaultPort, 0, extraOptions);
            return true;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            options = null;
            return false;
        }
    }

    /// <summary>The value of one of the program's own options, or <paramref name="defaultValue"/> when it was not given.</summary>
    /// <param name="name">An option named in <see cref="Parse"/>'s <c>extraOptions</c>, e.g. <c>-m</c>.</param>
    /// <param name="defaultValue">The value when the option is absent.</param>
    public string Extra(string name, string defaultValue) => _extras.GetValueOrDefault(name, defaultValue);

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
