namespace Kiwi.Generator;

/// <summary>A constant to evaluate: C# name, C expression, forced C# type (or null), and where it is defined.</summary>
internal sealed record ConstantRequest(string Name, string Expression, string? Type, string DefinedIn);
