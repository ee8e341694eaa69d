using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Kiwi.Interop.Tests;
using Xunit.Abstractions;

namespace Kiwi.Docs.Tests;

/// <summary>
/// Keeps docs/ and compiled code together: every <c>```csharp</c> block of a page is marked
/// <c>&lt;!-- snippet: NAME --&gt;</c> and is, to the character, region NAME of docs/snippets/*.cs, which this project
/// compiles and the other test classes run. After editing a snippet, <c>KIWI_UPDATE_SNIPPETS=1 dotnet test
/// tests/Kiwi.Docs.Tests</c> copies it into the pages.
/// </summary>
public sealed class DocsSnippetTests
{
    /// <summary>The areas, each with a page of its own.</summary>
    private static readonly string[] AreaPages =
    [
        "SOCKETS.md", "DESCRIPTOR_PASSING.md", "MULTIPLEXERS.md", "OUT_OF_BAND.md", "IO_MODELS.md", "REACTOR.md",
        "PROACTOR.md", "GENERATOR.md",
    ];

    private static readonly string Docs = Path.Combine(Repository.Root, "docs");

    private readonly ITestOutputHelper _output;

    public DocsSnippetTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>Every page that may hold C#: docs/, the READMEs and the packages' README.</summary>
    private static IEnumerable<string> Pages() => Directory.GetFiles(Docs, "*.md").Order()
        .Concat([Path.Combine(Repository.Root, "README.md"), Path.Combine(Repository.Root, "examples", "README.md"),
            Path.Combine(Repository.Root, "src", "PACKAGE.md")]);

    [Fact]
    public void EveryCSharpBlockIsTheCurrentTextOfItsSnippet()
    {
        IReadOnlyDictionary<string, Snippet> snippets = SnippetSources.Load(Path.Combine(Docs, "snippets"));
        if (Environment.GetEnvironmentVariable("KIWI_UPDATE_SNIPPETS") == "1")
        {
            foreach (string page in Pages())
            {
                MarkdownPages.Rewrite(page, snippets);
            }
        }
        List<string> problems = new();
        foreach (CodeBlock block in Pages().SelectMany(MarkdownPages.CSharpBlocks))
        {
            string where = $"{Path.GetRelativePath(Repository.Root, block.Page)}:{block.Start + 1}";
            if (block.SnippetName is null)
            {
                problems.Add($"{where}: a ```csharp block without a <!-- snippet: NAME --> line above it");
            }
            else if (!snippets.TryGetValue(block.SnippetName, out Snippet? snippet))
            {
                problems.Add($"{where}: no region {block.SnippetName} in docs/snippets");
            }
            else if (snippet.Code != block.Code)
            {
                problems.Add($"{where}: {block.SnippetName} differs from {Path.GetFileName(snippet.File)}:{snippet.Line}; it should read:\n{snippet.Code}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public void EverySnippetIsQuotedByAPage()
    {
        IReadOnlyDictionary<string, Snippet> snippets = SnippetSources.Load(Path.Combine(Docs, "snippets"));
        HashSet<string> quoted = Pages().SelectMany(MarkdownPages.CSharpBlocks).Select(block => block.SnippetName ?? "").ToHashSet();

        Assert.Empty(snippets.Keys.Where(name => !quoted.Contains(name)).Order());
    }

    [Fact]
    public void EveryAreaHasAPageWithSnippetsLinkedFromTheExamplesReadme()
    {
        string examples = File.ReadAllText(Path.Combine(Repository.Root, "examples", "README.md"));
        foreach (string page in AreaPages)
        {
            string path = Path.Combine(Docs, page);
            Assert.True(File.Exists(path), $"docs/{page} is missing");
            Assert.NotEmpty(MarkdownPages.CSharpBlocks(path));
            Assert.Contains($"(../docs/{page})", examples);
        }
        string[] pages = Directory.GetFiles(Docs, "*.md");
        int blocks = pages.Sum(page => MarkdownPages.CSharpBlocks(page).Count);
        int snippets = SnippetSources.Load(Path.Combine(Docs, "snippets")).Count;
        _output.WriteLine($"docs/: {pages.Length} pages, {blocks} C# blocks quoting {snippets} compiled snippets");
    }
}
