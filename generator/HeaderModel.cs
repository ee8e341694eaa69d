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

    public string FileName => Header.Replace('/', '_').Replace('.', '_') is var stem && stem.EndsWith("_h")
        ? stem[..^2] + ".g.cs"
        : stem + ".g.cs";
}
