using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kiwi.Generator;

/// <summary>Reads the manifest's headers with libclang and renders the .g.cs files; writes nothing unless every item was found.</summary>
public static class Generator
{
    /// <summary>
    /// The libclang command line for one header on one platform: its triple, its include directories (<see cref="TargetPlatform.IncludeDirectories"/>),
    /// _GNU_SOURCE, the header's -I.
    /// </summary>
    public static IReadOnlyList<string> Arguments(Manifest manifest, ManifestHeader header, TargetPlatform target)
    {
        var arguments = new List<string> { "-x", "c", "-std=gnu11", "--target=" + target.Triple, "-D_GNU_SOURCE", "-nostdinc" };
        foreach (string directory in target.IncludeDirectories)
        {
            arguments.Add("-isystem");
            arguments.Add(directory);
        }
        foreach (string directory in header.IncludeDirs)
        {
            arguments.Add("-I" + Path.GetFullPath(Path.Combine(manifest.Directory, directory)));
        }
        return arguments;
    }

    /// <summary>Every header's model on <paramref name="target"/>; throws <see cref="GeneratorException"/> naming the first item not found.</summary>
    public static IReadOnlyList<HeaderModel> Read(Manifest manifest, TargetPlatform target)
    {
        var readers = new List<HeaderReader>();
        try
        {
            var structs = new Dictionary<string, string>();
            foreach (ManifestHeader header in manifest.Headers)
            {
                var reader = new HeaderReader(header, manifest.Library, Arguments(manifest, header, target));
                readers.Add(reader);
                foreach ((string usr, string name) in reader.ResolveStructs())
                {
                    if (structs.ContainsValue(name))
                    {
                        throw new GeneratorException($"{header.Header}: struct '{name}' is listed twice");
                    }
                    structs[usr] = name;
                }
            }
            var mapper = new TypeMapper(structs);
            List<HeaderModel> models = readers.Select(r => r.Read(mapper)).ToList();
            CheckUnique(models);
            return models;
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    private static void CheckUnique(List<HeaderModel> models)
    {
        var seen = new Dictionary<string, string>();
        foreach (HeaderModel model in models)
        {
            IEnumerable<string> names = model.Constants.Select(c => $"{model.ClassName}.{c.Name}")
                .Concat(model.Functions.Select(f => $"{model.ClassName}.{f.Name}"));
            foreach (string name in names)
            {
                if (!seen.TryAdd(name, model.Header))
                {
                    throw new GeneratorException($"{name} comes from both {seen[name]} and {model.Header}");
                }
            }
        }
    }

    /// <summary>Every generated file (relative path → content) and the difference list, from one parse per target.</summary>
    public static (SortedDictionary<string, string> Files, List<string> Differences) Render(Manifest manifest, IReadOnlyList<TargetPlatform> targets)
    {
        var parses = targets.Select(t => (t, Read(manifest, t))).ToList();
        return PlatformMerge.Merge(parses);
    }

    /// <summary>Regenerates <paramref name="outputDirectory"/> for every supported platform (<see cref="TargetPlatform.All"/>).</summary>
    public static SortedDictionary<string, string> Run(string manifestPath, string outputDirectory) =>
        Run(manifestPath, outputDirectory, TargetPlatform.All).Files;

    /// <summary>
    /// Regenerates <paramref name="outputDirectory"/> (common files) and its per-RID folders: all files, or (on any
    /// error) none; stale generated files are removed.
    /// </summary>
    public static (SortedDictionary<string, string> Files, List<string> Differences) Run(string manifestPath, string outputDirectory, IReadOnlyList<TargetPlatform> targets)
    {
        var result = Render(Manifest.Load(manifestPath), targets);
        Directory.CreateDirectory(outputDirectory);
        var folders = new[] { outputDirectory }.Concat(TargetPlatform.All.Select(t => Path.Combine(outputDirectory, t.Rid))).Where(Directory.Exists);
        foreach (string stale in folders.SelectMany(f => Directory.GetFiles(f, "*.g.*"))
            .Where(f => !result.Files.ContainsKey(Path.GetRelativePath(outputDirectory, f))))
        {
            File.Delete(stale);
        }
        foreach ((string name, string content) in result.Files)
        {
            string path = Path.Combine(outputDirectory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        return result;
    }
}
