namespace Kiwi.Generator;

/// <summary>A function parameter: C# name (underscores stripped, keywords escaped), C# and C types.</summary>
public sealed record ParameterModel(string Name, string CSharpType, string CType);
