using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Kiwi.Docs.Tests;

/// <summary>Finds the C# blocks of a Markdown page and rewrites them from their snippets.</summary>
internal static partial class MarkdownPages
{
    public static IReadOnlyList<CodeBlock> CSharpBlocks(string page)
    {
        string[] lines = File.ReadAllLines(page);
        List<CodeBlock> blocks = new();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }
            int end = Array.FindIndex(lines, i + 1, line => line.Trim() == "```");
            if (end < 0)
            {
                throw new InvalidDataException($"{page}:{i + 1}: a ```csharp block is never closed");
            }
            Match marker = i > 0 ? Marker().Match(lines[i - 1]) : Match.Empty;
            string? name = marker.Success ? marker.Groups[1].Value : null;
            blocks.Add(new CodeBlock(page, name, string.Join("\n", lines[(i + 1)..end]), i, end));
            i = end;
        }
        return blocks;
    }

    /// <summary>Replaces the body of every marked block with its snippet's current code.</summary>
    public static void Rewrite(string page, IReadOnlyDictionary<string, Snippet> snippets)
    {
        List<string> lines = File.ReadAllLines(page).ToList();
        foreach (CodeBlock block in CSharpBlocks(page).Reverse())
        {
            if (block.SnippetName is { } name && snippets.TryGetValue(name, out Snippet? snippet))
            {
                lines.RemoveRange(block.Start + 1, block.End - block.Start - 1);
                lines.InsertRange(block.Start + 1, snippet.Code.Split('\n'));
            }
        }
        File.WriteAllText(page, string.Join("\n", lines) + "\n");
    }

    [GeneratedRegex(@"^<!--\s*snippet:\s*(\S+)\s*-->\s*$")]
    private static partial Regex Marker();
}
