using System;
using System.IO;
using System.Linq;

namespace Kiwi.Interop.Tests;

/// <summary>Proof 2: regenerating into a temporary folder gives files byte-identical to the checked-in ones.</summary>
[Collection(GeneratorCollection.Name)]
public sealed class RegenerationTests
{
    [Fact]
    public void RegeneratedFilesAreByteIdenticalToTheCheckedInOnes()
    {
        using var temp = new TempDirectory();
        Kiwi.Generator.Generator.Run(Repository.Manifest, temp.Path);

        string[] expected = Directory.GetFiles(Repository.Generated, "*.g.cs").Select(Path.GetFileName).Order().ToArray()!;
        string[] actual = Directory.GetFiles(temp.Path, "*.g.cs").Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(expected, actual);
        Assert.NotEmpty(actual);
        foreach (string name in actual)
        {
            byte[] checkedIn = File.ReadAllBytes(Path.Combine(Repository.Generated, name));
            byte[] regenerated = File.ReadAllBytes(temp.File(name));
            Assert.True(checkedIn.AsSpan().SequenceEqual(regenerated), $"{name} differs from a fresh ./build.sh regen");
            Assert.StartsWith(Kiwi.Generator.CSharpWriter.RegenerateLine + "\n", File.ReadAllText(temp.File(name)));
        }
    }
}
