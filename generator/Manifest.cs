using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiwi.Generator;

/// <summary>generator/manifest.json: the headers, and per header the structs, constants and functions to bind.</summary>
public sealed class Manifest
{
    /// <summary>The default library for functions (libc.so.6).</summary>
    public string Library { get; set; } = "libc.so.6";
    public List<ManifestHeader> Headers { get; set; } = new();

    /// <summary>The folder the manifest was read from; include directories are relative to it.</summary>
    [JsonIgnore]
    public string Directory { get; private set; } = "";

    public static Manifest Load(string path)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            Converters = { new FunctionEntryConverter() },
        };
        Manifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path), options)
                ?? throw new GeneratorException($"{path}: empty manifest");
        }
        catch (JsonException e)
        {
            throw new GeneratorException($"{path}: {e.Message}");
        }
        manifest.Directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return manifest;
    }
}
