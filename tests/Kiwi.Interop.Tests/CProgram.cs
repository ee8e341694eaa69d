using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace Kiwi.Interop.Tests;

/// <summary>Compiles a C source with the system C compiler and runs it, both bounded in time.</summary>
internal static class CProgram
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Compiles <paramref name="source"/> in <paramref name="folder"/> and returns what the program prints.</summary>
    public static string CompileAndRun(string source, string folder, IEnumerable<string> compilerArguments)
    {
        string sourcePath = Path.Combine(folder, "probe.c");
        string exePath = Path.Combine(folder, "probe");
        File.WriteAllText(sourcePath, source);
        var arguments = new List<string>(compilerArguments) { "-o", exePath, sourcePath };
        Run("cc", arguments);
        return Run(exePath, Array.Empty<string>());
    }

    private static string Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + file);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {Limit}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        }
        return stdout.Result;
    }
}
