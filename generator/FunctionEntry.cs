namespace Kiwi.Generator;

/// <summary>One function to import; <see cref="SetLastError"/> overrides the header's default.</summary>
public sealed class FunctionEntry
{
    public string Name { get; set; } = "";
    public bool? SetLastError { get; set; }
}
