using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace Kiwi.Generator;

/// <summary>
/// A platform the bindings are generated for: its .NET RID, the clang/gcc target triple, and the C compiler whose
/// include directories and probe binaries belong to it (the host's <c>cc</c> when it targets that triple, else the
/// cross compiler <c>&lt;triple&gt;-gcc</c>).
/// </summary>
public sealed record TargetPlatform(string Rid, string Triple, Architecture Architecture)
{
    /// <summary>linux-x64: x86_64-linux-gnu.</summary>
    public static readonly TargetPlatform LinuxX64 = new("linux-x64", "x86_64-linux-gnu", Architecture.X64);

    /// <summary>linux-arm64: aarch64-linux-gnu.</summary>
    public static readonly TargetPlatform LinuxArm64 = new("linux-arm64", "aarch64-linux-gnu", Architecture.Arm64);

    /// <summary>Every platform the generator can target, in the order <c>./build.sh regen</c> reads them.</summary>
    public static IReadOnlyList<TargetPlatform> All { get; } = new[] { LinuxX64, LinuxArm64 };

    private static readonly Dictionary<string, string> Compilers = new();

    /// <summary>The platform this process runs on; throws if the generator has no target for it.</summary>
    public static TargetPlatform Host =>
        All.FirstOrDefault(t => t.Architecture == RuntimeInformation.ProcessArchitecture && OperatingSystem.IsLinux())
        ?? throw new GeneratorException($"no target for this machine ({RuntimeInformation.RuntimeIdentifier}); known: {string.Join(", ", All.Select(t => t.Rid))}");

    /// <summary>The target named by <paramref name="rid"/>; throws naming the known ones otherwise.</summary>
    public static TargetPlatform Parse(string rid) =>
        All.FirstOrDefault(t => t.Rid == rid)
        ?? throw new GeneratorException($"unknown RID '{rid}'; known: {string.Join(", ", All.Select(t => t.Rid))}");

    /// <summary>Whether binaries for this platform run on this machine without an emulator.</summary>
    public bool IsHost => Architecture == RuntimeInformation.ProcessArchitecture && OperatingSystem.IsLinux();

    /// <summary>The C compiler for this platform: <c>cc</c> on the host's own triple, else <c>&lt;triple&gt;-gcc</c>.</summary>
    public string Compiler
    {
        get
        {
            lock (Compilers)
            {
                if (!Compilers.TryGetValue(Triple, out string? compiler))
                {
                    // Debian's cc reports its triple with -dumpmachine; a cross compiler is named after the triple.
                    compiler = IsHost && CompilerOutput.Run("cc", "-dumpmachine").stdout.Trim() == Triple ? "cc" : Triple + "-gcc";
                    Compilers[Triple] = compiler;
                }
                return compiler;
            }
        }
    }

    /// <summary>
    /// The system include directories libclang and the probe read for this platform: the C compiler's own list, after
    /// the host's kernel headers for a cross target (<see cref="KernelHeaders"/>).
    /// </summary>
    public IReadOnlyList<string> IncludeDirectories =>
        IsHost ? CompilerIncludes.Directories(Compiler) : new[] { KernelHeaders.SharedDirectory() }.Concat(CompilerIncludes.Directories(Compiler)).ToList();

    /// <summary>The emulator that runs this platform's binaries on the host (<c>qemu-aarch64</c>), or null on the host itself.</summary>
    public string? Emulator => IsHost ? null : "qemu-" + Triple[..Triple.IndexOf('-')];

    /// <summary>Where the cross toolchain keeps this platform's libc and dynamic loader (qemu's -L).</summary>
    public string SysRoot => "/usr/" + Triple;

    /// <inheritdoc/>
    public override string ToString() => Rid;
}
