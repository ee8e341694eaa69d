using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Threading;

namespace Kiwi.Tests.Shared;

/// <summary>
/// Runs an example program (a project the test project references, so its .dll sits next to the tests) as a child
/// process and learns its port from the <c>listening on ADDRESS:PORT</c> line it prints. Disposing kills it if it
/// has not stopped by itself and waits for it, so no test leaves a server behind.
/// </summary>
public sealed class ExampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _all = new();

    private ExampleProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data is null ? null : "stderr: " + e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the program printed so far (stdout, and stderr lines prefixed "stderr: ").</summary>
    public string Output => string.Join(Environment.NewLine, _all);

    /// <summary>The exit code, once <see cref="WaitForExit"/> returned true.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet NAME.dll ARGS</c> from the test's output folder.</summary>
    public static ExampleProcess Start(string name, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"example {name} is not built next to the tests (reference its project)", dll);
        }
        ProcessStartInfo info = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new ExampleProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}"));
    }

    /// <summary>Waits (bounded) for a line containing <paramref name="text"/> and returns it.</summary>
    public string WaitForLine(string text, TimeSpan? timeout = null)
    {
        using CancellationTokenSource cancel = new(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            foreach (string line in _lines.GetConsumingEnumerable(cancel.Token))
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        throw new TimeoutException($"no line with '{text}' from the example; it printed:{Environment.NewLine}{Output}");
    }

    /// <summary>Waits for <c>listening on ADDRESS:PORT</c> and returns that endpoint.</summary>
    public IPEndPoint WaitForListening(TimeSpan? timeout = null)
    {
        string line = WaitForLine("listening on ", timeout);
        return IPEndPoint.Parse(line[(line.IndexOf("listening on ", StringComparison.Ordinal) + "listening on ".Length)..].Trim());
    }

    /// <summary>Waits (bounded) for the program to exit by itself.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }
        _process.WaitForExit(); // drains the redirected output
        return true;
    }

    /// <summary>Kills the program if it still runs, and waits for it.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        _lines.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        _all.Enqueue(line);
        if (!_lines.IsAddingCompleted)
        {
            try
            {
                _lines.Add(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
