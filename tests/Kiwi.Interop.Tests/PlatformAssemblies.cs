using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Kiwi.Generator;

namespace Kiwi.Interop.Tests;

/// <summary>
/// The Kiwi.Interop assembly built for each target: this process's own for the host, else the build that the test
/// project places in <c>&lt;rid&gt;/</c> (Kiwi.Interop.Tests.csproj), loaded into a context of its own beside it.
/// </summary>
internal static class PlatformAssemblies
{
    private static readonly Dictionary<string, Assembly> Loaded = new();

    public static Assembly For(TargetPlatform target)
    {
        if (target.IsHost)
        {
            return typeof(Libc).Assembly;
        }
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(target.Rid, out Assembly? assembly))
            {
                string path = Path.Combine(AppContext.BaseDirectory, target.Rid, "Kiwi.Interop.dll");
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"the {target.Rid} build of Kiwi.Interop is missing (Kiwi.Interop.Tests.csproj builds it after the tests)", path);
                }
                // Not collectible: the layout probe emits dynamic methods over its types.
                assembly = new AssemblyLoadContext("Kiwi.Interop " + target.Rid).LoadFromAssemblyPath(path);
                Loaded[target.Rid] = assembly;
            }
            return assembly;
        }
    }

    /// <summary>The type <c>Kiwi.Interop.<paramref name="name"/></c> of <paramref name="assembly"/>.</summary>
    public static Type Type(Assembly assembly, string name) =>
        assembly.GetType("Kiwi.Interop." + name, throwOnError: true)!;
}
