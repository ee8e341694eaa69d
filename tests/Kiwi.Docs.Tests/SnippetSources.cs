using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Kiwi.Docs.Tests;

/// <summary>Reads the snippets out of docs/snippets/*.cs: each <c>#region NAME</c> up to its <c>#endregion</c>.</summary>
internal static partial class SnippetSources
{
    public static IReadOnlyDictionary<string, Snippet> Load(string folder)
    {
        Dictionary<string, Snippet> snippets = new();
        foreach (string file in Directory.GetFiles(folder, "*.cs").Order())
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                Match start = RegionStart().Match(lines[i]);
                if (!start.Success)
                {
                    continue;
                }
                string name = start.Groups[1].Value;
                int end = Array.FindIndex(lines, i + 1, line => RegionEnd().IsMatch(line) || RegionStart().IsMatch(line));
                if (end < 0 || !RegionEnd().IsMatch(lines[end]))
                {
                    throw new InvalidDataException($"{file}:{i + 1}: region {name} has no #endregion before the next region");
                }
                if (!snippets.TryAdd(name, new Snippet(name, Dedent(lines[(i + 1)..end]), file, i + 1)))
                {
                    throw new InvalidDataException($"{file}:{i + 1}: a second region named {name}");
                }
                i = end;
            }
        }
        return snippets;
    }

    /// <summary>The lines without the indentation they all share, joined with '\n'.</summary>
    public static string Dedent(IReadOnlyList<string> lines)
    {
        int indent = lines.Where(line => line.Trim().Length > 0).Select(line => line.Length - line.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(line => line.Trim().Length == 0 ? "" : line[indent..].TrimEnd()));
    }

    [GeneratedRegex(@"^\s*#region\s+(\S+)\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"^\s*#endregion\b")]
    private static partial Regex RegionEnd();
}
