using System.Collections.Generic;
using System.Linq;

namespace Kiwi.Generator;

/// <summary>A C struct or union as the C# struct it becomes (nested when <see cref="IsNested"/>).</summary>
public sealed class StructModel
{
    public required string Name { get; init; }
    /// <summary>How C names the type: "struct sockaddr", "union epoll_data", "fd_set".</summary>
    public required string CSpelling { get; init; }
    public required string Header { get; init; }
    public required long Size { get; init; }
    public required long Align { get; init; }
    public required bool IsUnion { get; init; }
    public required bool IsPacked { get; init; }
    public bool IsNested { get; init; }
    /// <summary>Explicit layout: a union, flattened anonymous members, or an offset sequential layout would miss.</summary>
    public bool IsExplicit { get; set; }
    public List<FieldModel> Fields { get; } = new();

    public bool HasPointers => Fields.Any(f => f.CSharpType.Contains('*') || (f.ElementType?.Contains('*') ?? false) || (f.Nested?.HasPointers ?? false));
}
