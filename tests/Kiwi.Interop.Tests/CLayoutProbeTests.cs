using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Kiwi.Generator;
using Xunit.Abstractions;

namespace Kiwi.Interop.Tests;

/// <summary>
/// Proof 1: a C probe written from the manifest's models and compiled by cc prints sizeof/alignof of every struct,
/// offsetof/sizeof of every field and the value of every constant; every generated item must match and be covered.
/// </summary>
[Collection(GeneratorCollection.Name)]
public sealed class CLayoutProbeTests
{
    private readonly ITestOutputHelper _output;

    public CLayoutProbeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void EveryGeneratedStructFieldAndConstantMatchesTheCCompiler()
    {
        Manifest manifest = Manifest.Load(Repository.Manifest);
        IReadOnlyList<HeaderModel> models = Kiwi.Generator.Generator.Read(manifest);
        using var temp = new TempDirectory();
        string printed = CProgram.CompileAndRun(ProbeWriter.Write(models), temp.Path, ProbeWriter.CompilerArguments(manifest));
        Dictionary<string, string> c = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0] + " " + parts[1].Split(' ')[0], parts => parts[1][(parts[1].IndexOf(' ') + 1)..]);

        Dictionary<string, string> managed = ManagedItems();
        var mismatches = new List<string>();
        foreach ((string item, string value) in managed)
        {
            if (!c.TryGetValue(item, out string? expected))
            {
                mismatches.Add($"{item}: generated ({value}) but not checked by the C probe");
            }
            else if (expected != value)
            {
                mismatches.Add($"{item}: C says {expected}, C# has {value}");
            }
        }
        mismatches.AddRange(c.Keys.Where(k => !managed.ContainsKey(k)).Select(k => $"{k}: in the C probe but not generated"));

        int structs = managed.Keys.Count(k => k.StartsWith("struct "));
        int fields = managed.Keys.Count(k => k.StartsWith("field "));
        int constants = managed.Keys.Count(k => k.StartsWith("const "));
        _output.WriteLine($"checked against cc on {Kiwi.Generator.Generator.Platform}: {structs} structs, {fields} fields, {constants} constants");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(structs >= 25 && fields > 100 && constants > 500, $"too few items checked: {structs}/{fields}/{constants}");
    }

    /// <summary>"struct NAME" → "SIZE ALIGN", "field NAME.PATH" → "OFFSET SIZE", "const NAME" → "VALUE", from the assembly.</summary>
    private static Dictionary<string, string> ManagedItems()
    {
        var items = new Dictionary<string, string>();
        Assembly assembly = typeof(Libc).Assembly;
        foreach (Type type in assembly.GetTypes().Where(t => t.IsValueType && !t.IsEnum && t.IsPublic && t.Namespace == "Kiwi.Interop"))
        {
            items.Add($"struct {type.Name}", $"{ManagedLayout.SizeOf(type)} {ManagedLayout.AlignOf(type)}");
            AddFields(items, type, type.Name, 0);
        }
        foreach (Type owner in new[] { typeof(Libc), typeof(KiwiShim) })
        {
            foreach (FieldInfo constant in owner.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
            {
                items.Add($"const {constant.Name}", Convert.ToString(constant.GetRawConstantValue(), CultureInfo.InvariantCulture)!);
            }
        }
        return items;
    }

    private static void AddFields(Dictionary<string, string> items, Type type, string path, long baseOffset)
    {
        foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            long offset = baseOffset + ManagedLayout.OffsetOf(field);
            string name = $"{path}.{field.Name}";
            items.Add($"field {name}", $"{offset} {ManagedLayout.SizeOf(field.FieldType)}");
            // Unnamed struct/union types are nested in their record; their members are checked at their absolute offset.
            if (field.FieldType.IsNested && (field.FieldType.Name.EndsWith("_e__Union") || field.FieldType.Name.EndsWith("_e__Struct")))
            {
                AddFields(items, field.FieldType, name, offset);
            }
        }
    }
}
