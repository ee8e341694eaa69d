using System.IO;

namespace Kiwi.Interop.Tests;

/// <summary>
/// The generator's own baseline: Golden/golden.h holds one of each construct (packed record, anonymous and named
/// unnamed unions, flexible array, enum field, typedef'd anonymous struct, keyword parameter, typed constant,
/// expression constant, function-like macro left out); its output must equal Golden/golden.g.cs.
/// </summary>
[Collection(GeneratorCollection.Name)]
public sealed class GoldenFileTests
{
    private static string Golden => Path.Combine(Repository.Root, "tests", "Kiwi.Interop.Tests", "Golden");

    [Fact]
    public void GeneratorOutputForTheGoldenHeaderIsTheBaseline()
    {
        using var temp = new TempDirectory();
        Kiwi.Generator.Generator.Run(Path.Combine(Golden, "manifest.json"), temp.Path);

        Assert.Equal(File.ReadAllText(Path.Combine(Golden, "golden.g.cs")), File.ReadAllText(temp.File("golden.g.cs")));
    }
}
