namespace Kiwi.Generator;

/// <summary>One C bit-field inside the storage field that holds its run: bits [Shift, Shift + Width) of it.</summary>
public sealed record BitFieldModel(string Name, string CSharpType, string CType, int Shift, int Width);
