using System.Collections.Generic;

namespace Kiwi.Generator;

/// <summary>A C compiler's system include directories, from <c>&lt;cc&gt; -E -v -x c /dev/null</c>, so libclang sees what that compiler sees.</summary>
public static class CompilerIncludes
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Cached = new();

    /// <summary>The include directories of <paramref name="compiler"/>, in search order (cached per compiler).</summary>
    public static IReadOnlyList<string> Directories(string compiler)
    {
        lock (Cached)
        {
            if (Cached.TryGetValue(compiler, out IReadOnlyList<string>? cached))
            {
                return cached;
            }
            string log = CompilerOutput.Run(compiler, "-E", "-v", "-x", "c", "/dev/null").stderr;
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
            return Cached[compiler] = directories;
        }
    }
}
