using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Kiwi.Generator;

namespace Kiwi.Interop.Tests;

/// <summary>
/// Compiles a C source with a platform's C compiler and runs it (under its emulator, <c>qemu-aarch64</c>, when it is
/// not this machine's), both bounded in time.
/// </summary>
internal static class CProgram
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Compiles <paramref name="source"/> for the host in <paramref name="folder"/> and returns what the program prints.</summary>
    public static string CompileAndRun(string source, string folder, IEnumerable<string> compilerArguments) =>
        CompileAndRun(source, folder, compilerArguments, TargetPlatform.Host);

    /// <summary>Compiles <paramref name="source"/> for <paramref name="target"/> and returns what the program prints there.</summary>
    public static string CompileAndRun(string source, string folder, IEnumerable<string> compilerArguments, TargetPlatform target)
    {
        string sourcePath = Path.Combine(folder, "probe.c");
        string exePath = Path.Combine(folder, "probe");
        File.WriteAllText(sourcePath, source);
        var arguments = new List<string>(compilerArguments) { "-o", exePath, sourcePath };
        Run(target.Compiler, arguments);
        return target.Emulator == null
            ? Run(exePath, Array.Empty<string>())
            : Run(target.Emulator, new[] { "-L", target.SysRoot, exePath });
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
