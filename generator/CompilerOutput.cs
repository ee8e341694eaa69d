using System.ComponentModel;
using System.Diagnostics;

namespace Kiwi.Generator;

/// <summary>Runs a compiler to ask it something (its triple, its include directories) and returns what it printed.</summary>
internal static class CompilerOutput
{
    public static (string stdout, string stderr) Run(string compiler, params string[] arguments)
    {
        var start = new ProcessStartInfo(compiler, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        try
        {
            using Process process = Process.Start(start) ?? throw new GeneratorException($"could not start {compiler}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (stdout.Result, stderr);
        }
        catch (Win32Exception e)
        {
            throw new GeneratorException($"could not start {compiler} ({e.Message}); ./build.sh installs the C compilers it needs");
        }
    }
}
