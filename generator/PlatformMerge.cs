using System;
using System.Collections.Generic;
using System.Linq;

namespace Kiwi.Generator;

/// <summary>
/// Splits the parses of several platforms, golang/sys mkmerge-style: each struct, constant and function is rendered
/// for every platform, and an item whose text is the same on all of them goes to the common file
/// (<c>Generated/sys_epoll.g.cs</c>); any other goes to each platform's own file
/// (<c>Generated/linux-arm64/sys_epoll.g.cs</c>). Nothing is listed by hand: the comparison decides.
/// </summary>
public static class PlatformMerge
{
    /// <summary>The name of the difference list written beside the generated files.</summary>
    public const string DifferencesFile = "differences.g.txt";

    /// <summary>The platform file each RID folder gets (<c>InteropPlatform.Rid</c>).</summary>
    public const string PlatformFile = "interop_platform.g.cs";

    /// <summary>Relative path → content of every file, and the list of what differs between the platforms.</summary>
    public static (SortedDictionary<string, string> Files, List<string> Differences) Merge(
        IReadOnlyList<(TargetPlatform Target, IReadOnlyList<HeaderModel> Models)> parses)
    {
        if (parses.Count == 0)
        {
            throw new GeneratorException("no target platform given");
        }
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var differences = new List<string>();
        string rids = string.Join(", ", parses.Select(p => p.Target.Rid));
        int headerCount = parses[0].Models.Count;
        for (int h = 0; h < headerCount; h++)
        {
            HeaderModel first = parses[0].Models[h];
            var perTarget = parses.Select(p => Items(p.Models[h])).ToList();
            var keys = perTarget.SelectMany(items => items.Keys).Distinct().OrderBy(Order).ThenBy(k => k, StringComparer.Ordinal).ToList();
            var common = new List<RenderedItem>();
            var own = parses.Select(_ => new List<RenderedItem>()).ToList();
            foreach (string key in keys)
            {
                RenderedItem?[] versions = perTarget.Select(items => items.GetValueOrDefault(key)).ToArray();
                if (versions.All(v => v != null && v.Text == versions[0]!.Text))
                {
                    common.Add(versions[0]!);
                    continue;
                }
                for (int t = 0; t < versions.Length; t++)
                {
                    if (versions[t] != null)
                    {
                        own[t].Add(versions[t]!);
                    }
                }
                differences.Add($"{first.Header}: {key}: " + string.Join(" | ", parses.Select((p, t) => $"{p.Target.Rid} {versions[t]?.Summary ?? "absent"}")));
            }
            if (common.Count > 0)
            {
                files.Add(first.FileName, Render(first, common,
                    $"// Platforms: {rids} (identical on each). Header: <{first.Header}>.",
                    $"Constants and functions of {first.Header}."));
            }
            for (int t = 0; t < parses.Count; t++)
            {
                if (own[t].Count > 0)
                {
                    string rid = parses[t].Target.Rid;
                    files.Add($"{rid}/{first.FileName}", Render(first, own[t],
                        $"// Platform: {rid} (what differs between {rids}). Header: <{first.Header}>.",
                        $"Constants and functions of {first.Header} whose values differ between {rids}."));
                }
            }
        }
        foreach ((TargetPlatform target, _) in parses)
        {
            files.Add($"{target.Rid}/{PlatformFile}", CSharpWriter.PlatformFile(target));
        }
        files.Add(DifferencesFile, DifferenceList(rids, differences));
        return (files, differences);
    }

    private static string Render(HeaderModel header, List<RenderedItem> items, string platformLine, string classSummary) =>
        CSharpWriter.File(header.Header, header.ClassName, platformLine, classSummary,
            items.Where(i => i.Kind == "struct").Select(i => i.Text).ToList(),
            items.Where(i => i.Kind != "struct").Select(i => i.Text).ToList());

    private static string DifferenceList(string rids, List<string> differences) =>
        "# " + CSharpWriter.RegenerateLine[3..] + "\n"
        + $"# What differs between {rids}, from the generator's comparison of the parses ({differences.Count} items);\n"
        + "# each of these is written per RID under Generated/<rid>/, everything else once.\n"
        + string.Concat(differences.Select(d => d + "\n"));

    /// <summary>Structs first, then constants, then functions, as in a single-platform file.</summary>
    private static int Order(string key) => key.StartsWith("struct ", StringComparison.Ordinal) ? 0 : key.StartsWith("const ", StringComparison.Ordinal) ? 1 : 2;

    private static Dictionary<string, RenderedItem> Items(HeaderModel model)
    {
        var items = new List<RenderedItem>();
        items.AddRange(model.Structs.Select(s => new RenderedItem("struct", s.Name, CSharpWriter.Struct(s), StructSummary(s))));
        items.AddRange(model.Constants.Select(c => new RenderedItem("const", c.Name, CSharpWriter.Constant(c), $"{c.Value} ({c.CSharpType})")));
        items.AddRange(model.Functions.Select(f => new RenderedItem("function", f.Name, CSharpWriter.Function(f, model.Header),
            $"{f.CReturnType} {f.Name}({string.Join(", ", f.Parameters.Select(p => p.CType))})")));
        return items.ToDictionary(i => i.Key);
    }

    /// <summary>"16 bytes, align 8, events:uint@0/4 data:epoll_data@8/8" (C# type, offset/size of each field).</summary>
    private static string StructSummary(StructModel model) =>
        $"{model.Size} bytes, align {model.Align}{(model.IsPacked ? ", packed" : "")}, "
        + string.Join(" ", model.Fields.Where(f => !f.Omitted).Select(f => $"{f.Name}:{f.ElementType ?? f.CSharpType}@{f.Offset}/{f.Size}"));
}
