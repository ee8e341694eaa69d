using System.IO;
using System.Linq;
using Kiwi.Generator;

namespace Kiwi.Interop.Tests;

/// <summary>
/// Proof 2: regenerating for every RID into a temporary folder gives a tree byte-identical to the checked-in one:
/// the common files, each RID's folder and the difference list.
/// </summary>
[Collection(GeneratorCollection.Name)]
public sealed class RegenerationTests
{
    [Fact]
    public void RegeneratedFilesOfEveryRidAreByteIdenticalToTheCheckedInOnes()
    {
        using var temp = new TempDirectory();
        Kiwi.Generator.Generator.Run(Repository.Manifest, temp.Path, TargetPlatform.All);

        GeneratedTree.AssertIdentical(Repository.Generated, temp.Path, "a fresh ./build.sh regen");
        foreach (TargetPlatform target in TargetPlatform.All)
        {
            Assert.True(File.Exists(Path.Combine(temp.Path, target.Rid, PlatformMerge.PlatformFile)), $"no {target.Rid}/ folder");
        }
        foreach (string name in GeneratedTree.Files(temp.Path).Where(n => n.EndsWith(".cs")))
        {
            Assert.StartsWith(CSharpWriter.RegenerateLine + "\n", File.ReadAllText(temp.File(name)));
        }
    }
}
