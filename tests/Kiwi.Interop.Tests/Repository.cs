using System;
using System.IO;

namespace Kiwi.Interop.Tests;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "generator", "manifest.json");

    public static string Generated => Path.Combine(Root, "src", "Kiwi.Interop", "Generated");

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Kiwi.sln")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException("Kiwi.sln not found above " + AppContext.BaseDirectory);
    }
}
