using System.IO;
using Kiwi.Generator;

namespace Kiwi.Interop.Tests;

/// <summary>
/// The generator's own baseline: Golden/golden.h holds one of each construct (packed record, anonymous and named
/// unnamed unions, a run of bit-fields, flexible array, enum field, typedef'd anonymous struct, keyword parameter, typed constant,
/// expression constant, function-like macro left out) and items that differ by architecture (a record packed on
/// x86_64 only, a constant with another value on aarch64, one defined on x86_64 only, a plain char array); the tree
/// it generates for both RIDs must equal Golden/expected/ file by file.
/// </summary>
[Collection(GeneratorCollection.Name)]
public sealed class GoldenFileTests
{
    private static string Golden => Path.Combine(Repository.Root, "tests", "Kiwi.Interop.Tests", "Golden");

    [Fact]
    public void GeneratorOutputForTheGoldenHeaderIsTheBaseline()
    {
        using var temp = new TempDirectory();
        Kiwi.Generator.Generator.Run(Path.Combine(Golden, "manifest.json"), temp.Path, TargetPlatform.All);

        GeneratedTree.AssertIdentical(Path.Combine(Golden, "expected"), temp.Path, "the golden baseline");
    }
}
