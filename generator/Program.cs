using System;
using Kiwi.Generator;

// Usage: Kiwi.Generator --manifest generator/manifest.json --out src/Kiwi.Interop/Generated
string? manifest = null;
string? output = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--manifest": manifest = args[i + 1]; break;
        case "--out": output = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}
if (manifest == null || output == null)
{
    Console.Error.WriteLine("usage: Kiwi.Generator --manifest <manifest.json> --out <folder>");
    return 2;
}
try
{
    var files = Generator.Run(manifest, output);
    Console.WriteLine($"wrote {files.Count} files to {output} ({Generator.Platform})");
    return 0;
}
catch (GeneratorException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("nothing was written");
    return 1;
}
