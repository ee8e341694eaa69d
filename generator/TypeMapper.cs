using System.Collections.Generic;
using System.Linq;

namespace Kiwi.Generator;

/// <summary>Maps C types to blittable C# types (docs/INTEROP.md "Types"); records map to the manifest's struct names.</summary>
internal sealed class TypeMapper
{
    private readonly IReadOnlyDictionary<string, string> _structsByUsr;

    public TypeMapper(IReadOnlyDictionary<string, string> structsByUsr)
    {
        _structsByUsr = structsByUsr;
    }

    /// <summary>The C# name of a manifest struct, or null for a record the manifest does not list.</summary>
    public string? StructName(CXCursor record) => _structsByUsr.TryGetValue(Cursors.Usr(record), out string? name) ? name : null;

    /// <summary>C# type of a scalar, pointer, enum or listed record; <paramref name="what"/> names the use in errors.</summary>
    public string Map(CXType type, string what)
    {
        CXType canonical = Cursors.Canonical(type);
        switch (canonical.kind)
        {
            case CXTypeKind.Void: return "void";
            case CXTypeKind.Pointer: return MapPointee(Libclang.clang_getPointeeType(canonical), what) + "*";
            case CXTypeKind.ConstantArray:
            case CXTypeKind.IncompleteArray:
                // Only parameters reach here: an array parameter is a pointer.
                return MapPointee(Libclang.clang_getArrayElementType(canonical), what) + "*";
            case CXTypeKind.Enum:
                return Map(Libclang.clang_getEnumDeclIntegerType(Libclang.clang_getTypeDeclaration(canonical)), what);
            case CXTypeKind.Record:
                CXCursor record = Libclang.clang_getTypeDeclaration(canonical);
                return StructName(record) ?? PointerUnionMember(record, what)
                    ?? throw new GeneratorException($"{what}: {Cursors.Spelling(type)} is not a struct listed in the manifest");
            default:
                return Builtin(canonical.kind) ?? throw new GeneratorException($"{what}: C type {Cursors.Spelling(type)} has no blittable C# type");
        }
    }

    /// <summary>
    /// glibc's <c>__SOCKADDR_ARG</c> (with _GNU_SOURCE) is a transparent union of pointers: passed exactly as its first
    /// member, so it binds as that pointer (<c>sockaddr*</c>).
    /// </summary>
    private string? PointerUnionMember(CXCursor record, string what)
    {
        if (record.kind != CXCursorKind.UnionDecl)
        {
            return null;
        }
        var fields = Cursors.Children(record).Where(c => c.kind == CXCursorKind.FieldDecl).ToList();
        bool allPointers = fields.Count > 0 && fields.All(f => Cursors.Canonical(Libclang.clang_getCursorType(f)).kind == CXTypeKind.Pointer);
        return allPointers ? Map(Libclang.clang_getCursorType(fields[0]), what) : null;
    }

    private string MapPointee(CXType pointee, string what)
    {
        CXType canonical = Cursors.Canonical(pointee);
        switch (canonical.kind)
        {
            case CXTypeKind.Char_S:
            case CXTypeKind.Char_U:
            case CXTypeKind.SChar:
            case CXTypeKind.UChar:
                return "byte";
            case CXTypeKind.Pointer:
                return MapPointee(Libclang.clang_getPointeeType(canonical), what) + "*";
            case CXTypeKind.Record:
                return StructName(Libclang.clang_getTypeDeclaration(canonical)) ?? "void";
            case CXTypeKind.Enum:
                return Map(canonical, what);
            default:
                return Builtin(canonical.kind) ?? "void";
        }
    }

    public static string? Builtin(CXTypeKind kind) => kind switch
    {
        CXTypeKind.Bool => "byte",
        CXTypeKind.Char_S or CXTypeKind.SChar => "sbyte",
        CXTypeKind.Char_U or CXTypeKind.UChar => "byte",
        CXTypeKind.Short => "short",
        CXTypeKind.UShort => "ushort",
        CXTypeKind.Int => "int",
        CXTypeKind.UInt => "uint",
        CXTypeKind.Long => "nint",
        CXTypeKind.ULong => "nuint",
        CXTypeKind.LongLong => "long",
        CXTypeKind.ULongLong => "ulong",
        CXTypeKind.Void => "void",
        _ => null,
    };
}
