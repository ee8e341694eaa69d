using System;
using System.IO;
using System.Linq;

namespace Kiwi.Interop.Tests;

/// <summary>Compares two generated trees (common files plus <c>&lt;rid&gt;/</c> folders) file by file, byte for byte.</summary>
internal static class GeneratedTree
{
    /// <summary>Every generated file under <paramref name="root"/>, as sorted relative paths.</summary>
    public static string[] Files(string root) =>
        Directory.GetFiles(root, "*.g.*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Asserts the same files with the same bytes; <paramref name="what"/> names the expected tree in messages.</summary>
    public static void AssertIdentical(string expectedRoot, string actualRoot, string what)
    {
        string[] expected = Files(expectedRoot);
        string[] actual = Files(actualRoot);
        Assert.Equal(expected, actual);
        Assert.NotEmpty(actual);
        foreach (string name in actual)
        {
            byte[] checkedIn = File.ReadAllBytes(Path.Combine(expectedRoot, name));
            byte[] regenerated = File.ReadAllBytes(Path.Combine(actualRoot, name));
            Assert.True(checkedIn.AsSpan().SequenceEqual(regenerated), $"{name} differs from {what}");
        }
    }
}
