using System.Collections.Generic;

namespace Kiwi.Generator;

/// <summary>
/// Constants of one header: either every macro/enumerator starting with <see cref="Prefix"/> that is
/// defined in one of <see cref="DefinedIn"/>, or the listed <see cref="Names"/>, or one named C
/// <see cref="Expression"/>. <see cref="Type"/> forces the C# type (default: the smallest of int, uint, long, ulong).
/// </summary>
public sealed class ConstantGroup
{
    public string? Prefix { get; set; }
    public List<string> Names { get; set; } = new();
    public List<string> DefinedIn { get; set; } = new();
    public List<string> Exclude { get; set; } = new();
    public string? Name { get; set; }
    public string? Expression { get; set; }
    public string? Type { get; set; }
}
