using System;
using System.Reflection;
using System.Runtime.InteropServices;
using Kiwi.Generator;

namespace Kiwi.Interop.Tests;

/// <summary>
/// The build for this machine runs; a build for another architecture, loaded here, refuses its first import with a
/// <see cref="PlatformNotSupportedException"/> naming both RIDs instead of calling libc with its layouts.
/// </summary>
public sealed class InteropPlatformTests
{
    [Fact]
    public void TheHostBuildIsForThisMachineAndCallsThrough()
    {
        Assert.Equal(InteropPlatform.Rid, TargetPlatform.Host.Rid);
        Assert.Equal(InteropPlatform.TargetArchitecture, RuntimeInformation.ProcessArchitecture);
        Assert.True(InteropPlatform.IsSupported);
        InteropPlatform.EnsureSupported();
        Assert.Equal(Environment.ProcessId, Libc.getpid());
    }

    [Fact]
    public void ABuildForAnotherArchitectureRefusesItsFirstImportNamingBothRids()
    {
        foreach (TargetPlatform other in TargetPlatform.All)
        {
            if (other.IsHost)
            {
                continue;
            }
            Assembly assembly = PlatformAssemblies.For(other);
            Type platform = PlatformAssemblies.Type(assembly, "InteropPlatform");
            Assert.Equal(other.Rid, platform.GetField("Rid")!.GetRawConstantValue());
            Assert.False((bool)platform.GetProperty("IsSupported")!.GetValue(null)!);

            foreach ((string owner, string function) in new[] { ("Libc", "getpid"), ("KiwiShim", "kiwi_fd_setsize") })
            {
                MethodInfo import = PlatformAssemblies.Type(assembly, owner).GetMethod(function)!;
                var error = Assert.Throws<TargetInvocationException>(() => import.Invoke(null, null));
                PlatformNotSupportedException refusal = Assert.IsType<PlatformNotSupportedException>(error.InnerException);
                Assert.Contains($"generated for {other.Rid}", refusal.Message);
                Assert.Contains(RuntimeInformation.RuntimeIdentifier, refusal.Message);
            }
        }
    }
}
