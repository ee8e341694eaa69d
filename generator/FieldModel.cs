namespace Kiwi.Generator;

/// <summary>
/// One field of a generated struct: C# type, C type, offset/size as clang lays it out.
/// <see cref="ArrayLength"/> &gt; 0 makes it an [InlineArray] of <see cref="ElementType"/>;
/// <see cref="Nested"/> is the generated type of an unnamed struct/union type; <see cref="Omitted"/> marks a
/// flexible array member that has no C# field. A run of bit-fields becomes one field (the bytes they span) with
/// <see cref="BitFields"/> naming each bit-field, which the C# gets as a property.
/// </summary>
public sealed record FieldModel(
    string Name,
    string CSharpType,
    string CType,
    long Offset,
    long Size,
    long Align,
    int ArrayLength = 0,
    string? ElementType = null,
    StructModel? Nested = null,
    bool Omitted = false,
    System.Collections.Generic.IReadOnlyList<BitFieldModel>? BitFields = null);
