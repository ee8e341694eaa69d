using System.Collections.Generic;
using System.Diagnostics;

namespace Kiwi.Generator;

/// <summary>The C compiler's system include directories, from <c>cc -E -v -x c /dev/null</c>, so libclang sees what cc sees.</summary>
public static class CompilerIncludes
{
    private static IReadOnlyList<string>? _cached;

    public static IReadOnlyList<string> Directories(string compiler = "cc")
    {
        if (_cached != null)
        {
            return _cached;
        }
        var start = new ProcessStartInfo(compiler, new[] { "-E", "-v", "-x", "c", "/dev/null" })
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start) ?? throw new GeneratorException($"could not start {compiler}");
        process.StandardOutput.ReadToEndAsync();
        string log = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var directories = new List<string>();
        bool inList = false;
        foreach (string raw in log.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("#include <...> search starts here:"))
            {
                inList = true;
            }
            else if (line.StartsWith("End of search list."))
            {
                break;
            }
            else if (inList && line.Length > 0)
            {
                directories.Add(line);
            }
        }
        if (directories.Count == 0)
        {
            throw new GeneratorException($"{compiler} -E -v listed no include directories");
        }
        return _cached = directories;
    }
}
