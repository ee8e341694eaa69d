using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Kiwi.Generator;

/// <summary>Small queries over libclang cursors and types, as managed values.</summary>
internal static unsafe class Cursors
{
    public static string Spelling(CXCursor cursor) => Libclang.Take(Libclang.clang_getCursorSpelling(cursor));

    public static string Usr(CXCursor cursor) => Libclang.Take(Libclang.clang_getCursorUSR(cursor));

    public static string Spelling(CXType type) => Libclang.Take(Libclang.clang_getTypeSpelling(type));

    public static CXType Canonical(CXType type) => Libclang.clang_getCanonicalType(type);

    /// <summary>The direct children of a cursor, in source order.</summary>
    public static List<CXCursor> Children(CXCursor parent)
    {
        var children = new List<CXCursor>();
        GCHandle handle = GCHandle.Alloc(children);
        try
        {
            Libclang.clang_visitChildren(parent, &Visit, (void*)GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }
        return children;
    }

    [UnmanagedCallersOnly]
    private static int Visit(CXCursor cursor, CXCursor parent, void* clientData)
    {
        var children = (List<CXCursor>)GCHandle.FromIntPtr((nint)clientData).Target!;
        children.Add(cursor);
        return Libclang.CXChildVisit_Continue;
    }

    /// <summary>The full path of the file a cursor is spelled in ("" for built-ins).</summary>
    public static string FileOf(CXCursor cursor)
    {
        void* file = null;
        uint line, column, offset;
        Libclang.clang_getSpellingLocation(Libclang.clang_getCursorLocation(cursor), &file, &line, &column, &offset);
        return file == null ? "" : Libclang.Take(Libclang.clang_getFileName(file));
    }

    public static bool HasPackedAttribute(CXCursor record)
    {
        if (Libclang.clang_Cursor_hasAttrs(record) == 0)
        {
            return false;
        }
        foreach (CXCursor child in Children(record))
        {
            if (child.kind == CXCursorKind.PackedAttr)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Offset in bytes of a (possibly anonymous-member) field, as clang lays the record out.</summary>
    public static long OffsetOf(CXType record, string field)
    {
        long bits = BitOffsetOf(record, field);
        return bits < 0 ? bits : bits / 8;
    }

    /// <summary>Offset in bits of a field (a bit-field need not start on a byte), or negative when clang has none.</summary>
    public static long BitOffsetOf(CXType record, string field)
    {
        byte[] name = System.Text.Encoding.UTF8.GetBytes(field + "\0");
        fixed (byte* p = name)
        {
            return Libclang.clang_Type_getOffsetOf(record, p);
        }
    }
}
