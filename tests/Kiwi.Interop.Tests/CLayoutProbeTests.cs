using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Kiwi.Generator;
using Xunit.Abstractions;

namespace Kiwi.Interop.Tests;

/// <summary>
/// Proof 1, per platform: a C probe written from that platform's models and compiled by its C compiler (cc, or
/// aarch64-linux-gnu-gcc run under qemu-aarch64) prints sizeof/alignof of every struct, offsetof/sizeof of every field
/// and the value of every constant; every item of the Kiwi.Interop built for that RID must match and be covered.
/// </summary>
[Collection(GeneratorCollection.Name)]
public sealed class CLayoutProbeTests
{
    private readonly ITestOutputHelper _output;

    public CLayoutProbeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("linux-arm64")]
    public void EveryGeneratedStructFieldAndConstantMatchesTheCCompiler(string rid)
    {
        TargetPlatform target = TargetPlatform.Parse(rid);
        Dictionary<string, string> c = Probe(target);
        Assembly assembly = PlatformAssemblies.For(target);
        Assert.Equal(rid, PlatformAssemblies.Type(assembly, "InteropPlatform").GetField("Rid")!.GetRawConstantValue());
        Dictionary<string, string> managed = ManagedItems(assembly);
        List<string> mismatches = Mismatches(managed, c);

        int structs = managed.Keys.Count(k => k.StartsWith("struct "));
        int fields = managed.Keys.Count(k => k.StartsWith("field "));
        int constants = managed.Keys.Count(k => k.StartsWith("const "));
        _output.WriteLine($"{rid}: checked against {target.Compiler}{(target.Emulator != null ? " under " + target.Emulator : "")}: " +
            $"{structs} structs, {fields} fields, {constants} constants, {mismatches.Count} mismatches");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(structs >= 25 && fields > 100 && constants > 500, $"too few items checked: {structs}/{fields}/{constants}");
    }

    /// <summary>The check has teeth: the linux-x64 build, checked against the linux-arm64 probe, fails on epoll_event and the O_* flags.</summary>
    [Fact]
    public void TheX64BuildFailsTheArm64Probe()
    {
        List<string> mismatches = Mismatches(ManagedItems(PlatformAssemblies.For(TargetPlatform.LinuxX64)), Probe(TargetPlatform.LinuxArm64));
        mismatches.ForEach(_output.WriteLine);

        Assert.Contains("struct epoll_event: C says 16 8, C# has 12 1", mismatches);
        Assert.Contains("field epoll_event.data: C says 8 8, C# has 4 8", mismatches);
        Assert.Contains("const O_DIRECT: C says 65536, C# has 16384", mismatches);
        Assert.Contains("const O_DIRECTORY: C says 16384, C# has 65536", mismatches);
        Assert.Contains("const MAP_32BIT: generated (64) but not checked by the C probe", mismatches);
    }

    /// <summary>What <paramref name="target"/>'s C compiler prints for every item of its models: "struct epoll_event" → "16 8".</summary>
    private static Dictionary<string, string> Probe(TargetPlatform target)
    {
        Manifest manifest = Manifest.Load(Repository.Manifest);
        IReadOnlyList<HeaderModel> models = Kiwi.Generator.Generator.Read(manifest, target);
        using var temp = new TempDirectory();
        string printed = CProgram.CompileAndRun(ProbeWriter.Write(models), temp.Path, ProbeWriter.CompilerArguments(manifest, target), target);
        return printed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0] + " " + parts[1].Split(' ')[0], parts => parts[1][(parts[1].IndexOf(' ') + 1)..]);
    }

    /// <summary>Every item that differs, or that only one side has (an unchecked item is a failure too).</summary>
    private static List<string> Mismatches(Dictionary<string, string> managed, Dictionary<string, string> c)
    {
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
        return mismatches;
    }

    /// <summary>"struct NAME" → "SIZE ALIGN", "field NAME.PATH" → "OFFSET SIZE", "const NAME" → "VALUE", from the assembly.</summary>
    private static Dictionary<string, string> ManagedItems(Assembly assembly)
    {
        var items = new Dictionary<string, string>();
        foreach (Type type in assembly.GetTypes().Where(t => t.IsValueType && !t.IsEnum && t.IsPublic && t.Namespace == "Kiwi.Interop"))
        {
            items.Add($"struct {type.Name}", $"{ManagedLayout.SizeOf(type)} {ManagedLayout.AlignOf(type)}");
            AddFields(items, type, type.Name, 0);
        }
        foreach (Type owner in new[] { PlatformAssemblies.Type(assembly, "Libc"), PlatformAssemblies.Type(assembly, "KiwiShim") })
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
