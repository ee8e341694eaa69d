using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.DotNet.PlatformAbstractions;

namespace Kiwi.Generator;

/// <summary>Reads the manifest's headers with libclang and renders the .g.cs files; writes nothing unless every item was found.</summary>
public static class Generator
{
    /// <summary>The platform whose headers were read, as a RID (linux-x64).</summary>
    public static string Platform =>
        $"{RuntimeEnvironment.OperatingSystemPlatform.ToString().ToLowerInvariant()}-{RuntimeEnvironment.RuntimeArchitecture}";

    /// <summary>The libclang command line for one header: cc's include directories, _GNU_SOURCE, the header's -I.</summary>
    public static IReadOnlyList<string> Arguments(Manifest manifest, ManifestHeader header)
    {
        var arguments = new List<string> { "-x", "c", "-std=gnu11", "-D_GNU_SOURCE", "-nostdinc" };
        foreach (string directory in CompilerIncludes.Directories())
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

    /// <summary>Every header's model; throws <see cref="GeneratorException"/> naming the first item not found.</summary>
    public static IReadOnlyList<HeaderModel> Read(Manifest manifest)
    {
        var readers = new List<HeaderReader>();
        try
        {
            var structs = new Dictionary<string, string>();
            foreach (ManifestHeader header in manifest.Headers)
            {
                var reader = new HeaderReader(header, manifest.Library, Arguments(manifest, header));
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

    /// <summary>File name → content of every generated file.</summary>
    public static SortedDictionary<string, string> Render(IReadOnlyList<HeaderModel> models)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (HeaderModel model in models)
        {
            files.Add(model.FileName, CSharpWriter.Write(model, Platform));
        }
        return files;
    }

    /// <summary>Regenerates <paramref name="outputDirectory"/>: all files, or (on any error) none; stale .g.cs files are removed.</summary>
    public static SortedDictionary<string, string> Run(string manifestPath, string outputDirectory)
    {
        SortedDictionary<string, string> files = Render(Read(Manifest.Load(manifestPath)));
        Directory.CreateDirectory(outputDirectory);
        foreach (string stale in Directory.GetFiles(outputDirectory, "*.g.cs").Where(f => !files.ContainsKey(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }
        foreach ((string name, string content) in files)
        {
            File.WriteAllText(Path.Combine(outputDirectory, name), content);
        }
        return files;
    }
}
