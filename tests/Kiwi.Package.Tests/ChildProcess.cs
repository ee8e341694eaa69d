using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Kiwi.Package.Tests;

/// <summary>Runs a program to completion within a time limit (killed with its children past it) and returns its exit
/// code and everything it printed.</summary>
internal static class ChildProcess
{
    public static (int ExitCode, string Output) Run(string fileName, string workingDirectory, TimeSpan limit, params string[] arguments)
    {
        ProcessStartInfo info = new(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // A nested build must not inherit the test host's MSBuild, nor leave build servers behind holding our pipes.
        List<string> inherited = new();
        foreach (string name in info.Environment.Keys)
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                inherited.Add(name);
            }
        }
        inherited.ForEach(name => info.Environment.Remove(name));
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        StringBuilder output = new();
        using Process process = new() { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data is null ? null : "stderr: " + e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} ran over {limit.TotalSeconds} s; it printed:{Environment.NewLine}{Text(output)}");
        }
        process.WaitForExit();
        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
