using System.Collections.Generic;

namespace Kiwi.Generator;

/// <summary>One C header of the manifest and what to take from it.</summary>
public sealed class ManifestHeader
{
    /// <summary>The header as written in #include &lt;...&gt; (also names the output file).</summary>
    public string Header { get; set; } = "";
    /// <summary>Extra include directories, relative to the manifest's folder.</summary>
    public List<string> IncludeDirs { get; set; } = new();
    /// <summary>The shared library the functions live in (default: the manifest's).</summary>
    public string? Library { get; set; }
    /// <summary>The static class the functions go to (default Libc).</summary>
    public string Class { get; set; } = "Libc";
    /// <summary>Whether the functions set errno (default true).</summary>
    public bool SetLastError { get; set; } = true;
    public List<string> Structs { get; set; } = new();
    public List<ConstantGroup> Constants { get; set; } = new();
    public List<FunctionEntry> Functions { get; set; } = new();
    /// <summary>Import every function with this prefix declared in the header itself.</summary>
    public string? FunctionPrefix { get; set; }
}
