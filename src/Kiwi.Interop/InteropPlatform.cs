using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kiwi.Interop;

/// <summary>
/// Refuses to run the bindings on a platform they were not generated for: every layout and value of this build is
/// <see cref="Rid"/>'s, so on another architecture the first call into libc or the shim throws
/// <see cref="PlatformNotSupportedException"/> naming both RIDs instead of passing wrong layouts to the kernel.
/// </summary>
public static partial class InteropPlatform
{
    /// <summary>Whether this process is Linux on <see cref="TargetArchitecture"/>, the platform these bindings are for.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == TargetArchitecture;

    /// <summary>Throws <see cref="PlatformNotSupportedException"/> naming this build's RID and the process's unless <see cref="IsSupported"/>.</summary>
    public static void EnsureSupported()
    {
        if (!IsSupported)
        {
            throw Refusal(RuntimeInformation.RuntimeIdentifier);
        }
    }

    /// <summary>The exception for a process running as <paramref name="processRid"/>.</summary>
    internal static PlatformNotSupportedException Refusal(string processRid) =>
        new($"Kiwi.Interop was generated for {Rid}, but this process runs on {processRid}: its struct layouts and constants " +
            $"would be wrong there. Use the Kiwi.Interop built for {processRid} (dotnet publish -r <rid>; docs/INTEROP.md \"Platforms\").");

    // Every import of this assembly binds its library through this resolver first, so the check runs once per
    // library, before the first call, and costs nothing afterwards; a module initializer is the one place that
    // runs before any of Libc's or KiwiShim's imports can.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The check has to be in place before the first import binds, whichever type the caller touches first.")]
    internal static void RefuseOtherPlatforms() => NativeLibrary.SetDllImportResolver(typeof(InteropPlatform).Assembly, CheckedResolve);

    private static IntPtr CheckedResolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        EnsureSupported();
        return IntPtr.Zero; // the runtime's own probing, as without a resolver
    }
}
