using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiwi.Interop.Tests;

namespace Kiwi.Docs.Tests;

/// <summary>The manifest entries that docs/GENERATOR.md shows are the manifest's own.</summary>
public sealed partial class ManifestExcerptTests
{
    [Fact]
    public void EveryJsonBlockOfTheGeneratorPageIsAnEntryOfTheManifest()
    {
        JsonDocumentOptions options = new() { CommentHandling = JsonCommentHandling.Skip };
        JsonArray headers = JsonNode.Parse(File.ReadAllText(Repository.Manifest), documentOptions: options)!["headers"]!.AsArray();
        string page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "GENERATOR.md"));
        MatchCollection blocks = JsonBlock().Matches(page);

        Assert.NotEmpty(blocks);
        foreach (Match block in blocks)
        {
            JsonNode shown = JsonNode.Parse(block.Groups[1].Value)!;
            string header = (string)shown["header"]!;
            JsonNode? entry = headers.FirstOrDefault(candidate => (string?)candidate?["header"] == header);
            Assert.True(entry is not null, $"the manifest has no entry for {header}");
            Assert.True(JsonNode.DeepEquals(entry, shown), $"docs/GENERATOR.md shows {header} differently from the manifest:\n{entry!.ToJsonString()}");
        }
    }

    [GeneratedRegex("```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
