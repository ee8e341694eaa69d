using System.Collections.Generic;

namespace Kiwi.Generator;

/// <summary>Everything generated from one header; <see cref="FileName"/> is its .g.cs file.</summary>
public sealed class HeaderModel
{
    public required string Header { get; init; }
    public required string ClassName { get; init; }
    public List<StructModel> Structs { get; } = new();
    public List<ConstantModel> Constants { get; } = new();
    public List<FunctionModel> Functions { get; } = new();

    /// <summary>sys/socket.h → sys_socket.g.cs (docs/INTEROP.md "Files").</summary>
    public string FileName
    {
        get
        {
            string stem = Header.EndsWith(".h", System.StringComparison.Ordinal) ? Header[..^2] : Header;
            return stem.Replace('/', '_').Replace('.', '_') + ".g.cs";
        }
    }
}
