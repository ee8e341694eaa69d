using System;
using System.Collections.Generic;
using System.Linq;

namespace Kiwi.Generator;

/// <summary>Turns one clang record into a <see cref="StructModel"/>: offsets and sizes exactly as clang reports them.</summary>
internal sealed class StructBuilder
{
    private readonly TypeMapper _mapper;
    private readonly string _header;

    public StructBuilder(TypeMapper mapper, string header)
    {
        _mapper = mapper;
        _header = header;
    }

    public StructModel Build(CXCursor record, string name, string cSpelling, bool nested)
    {
        CXType type = Libclang.clang_getCursorType(record);
        var model = new StructModel
        {
            Name = name,
            CSpelling = cSpelling,
            Header = _header,
            Size = Libclang.clang_Type_getSizeOf(type),
            Align = Libclang.clang_Type_getAlignOf(type),
            IsUnion = record.kind == CXCursorKind.UnionDecl,
            IsPacked = Cursors.HasPackedAttribute(record),
            IsNested = nested,
        };
        if (model.Size <= 0)
        {
            throw new GeneratorException($"{_header}: {cSpelling} is incomplete");
        }
        AddFields(model, record, type);
        model.IsExplicit = model.IsUnion || model.IsExplicit || !SequentialMatches(model);
        return model;
    }

    /// <summary>Adds the fields of <paramref name="record"/>; anonymous members are flattened at their offset in <paramref name="layoutRoot"/>.</summary>
    private void AddFields(StructModel model, CXCursor record, CXType layoutRoot)
    {
        var bitRun = new List<(CXCursor Field, string Name)>();
        foreach (CXCursor child in Cursors.Children(record))
        {
            bool isBitField = child.kind == CXCursorKind.FieldDecl && Libclang.clang_Cursor_isBitField(child) != 0;
            if (!isBitField && bitRun.Count > 0)
            {
                model.Fields.Add(BuildBitFieldRun(model, bitRun, layoutRoot));
                bitRun.Clear();
            }
            if (child.kind is CXCursorKind.StructDecl or CXCursorKind.UnionDecl && Libclang.clang_Cursor_isAnonymousRecordDecl(child) != 0)
            {
                model.IsExplicit = true;
                AddFields(model, child, layoutRoot);
            }
            else if (child.kind == CXCursorKind.FieldDecl && Cursors.Spelling(child) is { Length: > 0 } fieldName)
            {
                if (isBitField)
                {
                    bitRun.Add((child, fieldName));
                }
                else
                {
                    model.Fields.Add(BuildField(model, child, fieldName, layoutRoot));
                }
            }
        }
        if (bitRun.Count > 0)
        {
            model.Fields.Add(BuildBitFieldRun(model, bitRun, layoutRoot));
        }
    }

    /// <summary>Consecutive bit-fields become one unsigned field over the whole bytes they span (C# has no
    /// bit-fields); each bit-field is recorded with its shift and width so the writer can give it a property.</summary>
    private FieldModel BuildBitFieldRun(StructModel owner, List<(CXCursor Field, string Name)> run, CXType layoutRoot)
    {
        long firstBit = Cursors.BitOffsetOf(layoutRoot, run[0].Name);
        long lastField = Cursors.BitOffsetOf(layoutRoot, run[^1].Name);
        long endBit = lastField + Libclang.clang_getFieldDeclBitWidth(run[^1].Field);
        long offset = firstBit / 8;
        long size = (endBit + 7) / 8 - offset;
        string unitType = size switch
        {
            1 => "byte",
            2 => "ushort",
            4 => "uint",
            8 => "ulong",
            _ => throw new GeneratorException($"{_header}: the bit-fields {owner.CSpelling}.{run[0].Name}.. span {size} bytes, which no C# integer holds"),
        };
        var bits = new List<BitFieldModel>();
        foreach ((CXCursor field, string name) in run)
        {
            CXType type = Libclang.clang_getCursorType(field);
            string what = $"{owner.CSpelling}.{name}";
            if (Cursors.Canonical(type).kind is not (CXTypeKind.UChar or CXTypeKind.UShort or CXTypeKind.UInt or CXTypeKind.ULong or CXTypeKind.ULongLong))
            {
                throw new GeneratorException($"{_header}: {what} is a signed bit-field, which the generator does not bind");
            }
            bits.Add(new BitFieldModel(Names.Escape(name), _mapper.Map(type, $"{_header}: {what}"), Cursors.Spelling(type),
                (int)(Cursors.BitOffsetOf(layoutRoot, name) - offset * 8), Libclang.clang_getFieldDeclBitWidth(field)));
        }
        int index = owner.Fields.Count(f => f.BitFields != null) + 1;
        return new FieldModel($"_bitfield{index}", unitType, "bit-fields", offset, size, size, BitFields: bits);
    }

    private FieldModel BuildField(StructModel owner, CXCursor field, string fieldName, CXType layoutRoot)
    {
        string what = $"{owner.CSpelling}.{fieldName}";
        CXType type = Libclang.clang_getCursorType(field);
        CXType canonical = Cursors.Canonical(type);
        string cType = Cursors.Spelling(type);
        long offset = Cursors.OffsetOf(layoutRoot, fieldName);
        long size = canonical.kind == CXTypeKind.IncompleteArray ? 0 : Libclang.clang_Type_getSizeOf(type);
        long align = Libclang.clang_Type_getAlignOf(type);
        if (offset < 0)
        {
            throw new GeneratorException($"{_header}: libclang gives no offset for {what}");
        }
        string name = Names.Escape(fieldName);
        if (canonical.kind == CXTypeKind.IncompleteArray || (canonical.kind == CXTypeKind.ConstantArray && Libclang.clang_getArraySize(canonical) == 0))
        {
            return new FieldModel(name, "", cType, offset, 0, align, Omitted: true);
        }
        if (canonical.kind == CXTypeKind.ConstantArray)
        {
            CXType element = Libclang.clang_getArrayElementType(canonical);
            if (Cursors.Canonical(element).kind == CXTypeKind.ConstantArray)
            {
                throw new GeneratorException($"{_header}: {what} is a multi-dimensional array, which the generator does not bind");
            }
            return new FieldModel(name, $"_{fieldName}_e__FixedBuffer", cType, offset, size, align,
                checked((int)Libclang.clang_getArraySize(canonical)), ElementType(element, what));
        }
        if (canonical.kind == CXTypeKind.Record)
        {
            CXCursor declaration = Libclang.clang_getTypeDeclaration(canonical);
            if (_mapper.StructName(declaration) == null && Libclang.clang_Cursor_isAnonymous(declaration) != 0)
            {
                bool union = declaration.kind == CXCursorKind.UnionDecl;
                string nestedName = $"_{fieldName}_e__{(union ? "Union" : "Struct")}";
                StructModel nested = Build(declaration, nestedName, $"{owner.CSpelling}.{fieldName}", nested: true);
                return new FieldModel(name, nestedName, cType, offset, size, align, Nested: nested);
            }
        }
        return new FieldModel(name, _mapper.Map(type, $"{_header}: {what}"), cType, offset, size, align);
    }

    private string ElementType(CXType element, string what)
    {
        CXType canonical = Cursors.Canonical(element);
        if (canonical.kind == CXTypeKind.Record && _mapper.StructName(Libclang.clang_getTypeDeclaration(canonical)) == null)
        {
            throw new GeneratorException($"{_header}: {what} is an array of an unnamed record, which the generator does not bind");
        }
        return _mapper.Map(element, $"{_header}: {what}");
    }

    /// <summary>Whether C#'s sequential layout (Pack = 1 when packed) puts every field where clang does.</summary>
    private static bool SequentialMatches(StructModel model)
    {
        long cursor = 0;
        long maxAlign = 1;
        foreach (FieldModel field in model.Fields.Where(f => !f.Omitted))
        {
            long align = model.IsPacked ? 1 : field.Align;
            maxAlign = Math.Max(maxAlign, align);
            cursor = (cursor + align - 1) / align * align;
            if (cursor != field.Offset)
            {
                return false;
            }
            cursor += field.Size;
        }
        long size = (cursor + maxAlign - 1) / maxAlign * maxAlign;
        return size == model.Size && maxAlign == model.Align;
    }
}
