using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace Kiwi.Interop.Tests;

/// <summary>Proof 3: every import names a symbol that exists in the library it names (dlsym through NativeLibrary).</summary>
public sealed class ImportTests
{
    private readonly ITestOutputHelper _output;

    public ImportTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void EveryImportedEntryPointExistsInItsLibrary()
    {
        var missing = new List<string>();
        int checkedCount = 0;
        foreach (Type owner in new[] { typeof(Libc), typeof(KiwiShim) })
        {
            foreach (MethodInfo method in owner.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                (string library, string entryPoint) = Import(method)
                    ?? throw new InvalidOperationException($"{owner.Name}.{method.Name} is neither a DllImport nor a LibraryImport");
                if (!NativeLibrary.TryLoad(library, owner.Assembly, searchPath: null, out IntPtr handle))
                {
                    missing.Add($"{owner.Name}.{method.Name}: library {library} does not load");
                    continue;
                }
                if (!NativeLibrary.TryGetExport(handle, entryPoint, out _))
                {
                    missing.Add($"{owner.Name}.{method.Name}: {library} has no symbol {entryPoint}");
                }
                checkedCount++;
            }
        }
        _output.WriteLine($"checked {checkedCount} imports");
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.True(checkedCount > 60, $"only {checkedCount} imports found");
    }

    private static (string Library, string EntryPoint)? Import(MethodInfo method)
    {
        if (method.GetCustomAttribute<LibraryImportAttribute>() is { } libraryImport)
        {
            return (libraryImport.LibraryName, libraryImport.EntryPoint ?? method.Name);
        }
        if (method.GetCustomAttribute<DllImportAttribute>() is { } dllImport)
        {
            return (dllImport.Value, dllImport.EntryPoint ?? method.Name);
        }
        return null;
    }
}
