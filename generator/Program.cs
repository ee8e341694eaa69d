using System;
using System.Collections.Generic;
using Kiwi.Generator;

// Usage: Kiwi.Generator --manifest generator/manifest.json --out src/Kiwi.Interop/Generated [--rid linux-x64 --rid linux-arm64]
string? manifest = null;
string? output = null;
var targets = new List<TargetPlatform>();
try
{
    for (int i = 0; i + 1 < args.Length; i += 2)
    {
        switch (args[i])
        {
            case "--manifest": manifest = args[i + 1]; break;
            case "--out": output = args[i + 1]; break;
            case "--rid": targets.Add(TargetPlatform.Parse(args[i + 1])); break;
            default:
                Console.Error.WriteLine($"unknown option {args[i]}");
                return 2;
        }
    }
    if (manifest == null || output == null || args.Length % 2 != 0)
    {
        Console.Error.WriteLine("usage: Kiwi.Generator --manifest <manifest.json> --out <folder> [--rid <rid>]... (default: every RID)");
        return 2;
    }
    var (files, differences) = Generator.Run(manifest, output, targets.Count > 0 ? targets : TargetPlatform.All);
    Console.WriteLine($"wrote {files.Count} files to {output} ({string.Join(", ", targets.Count > 0 ? targets : TargetPlatform.All)})");
    Console.WriteLine($"{differences.Count} items differ between the platforms (written per RID; list in {PlatformMerge.DifferencesFile}):");
    differences.ForEach(d => Console.WriteLine("  " + d));
    return 0;
}
catch (GeneratorException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("nothing was written");
    return 1;
}
