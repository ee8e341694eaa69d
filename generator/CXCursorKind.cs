namespace Kiwi.Generator;

/// <summary>The CXCursorKind values the generator looks at.</summary>
internal enum CXCursorKind
{
    StructDecl = 2,
    UnionDecl = 3,
    EnumDecl = 5,
    FieldDecl = 6,
    EnumConstantDecl = 7,
    FunctionDecl = 8,
    VarDecl = 9,
    ParmDecl = 10,
    TypedefDecl = 20,
    PackedAttr = 408,
    MacroDefinition = 501,
}
