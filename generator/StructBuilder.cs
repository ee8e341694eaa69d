using System;
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
        foreach (CXCursor child in Cursors.Children(record))
        {
            if (child.kind is CXCursorKind.StructDecl or CXCursorKind.UnionDecl && Libclang.clang_Cursor_isAnonymousRecordDecl(child) != 0)
            {
                model.IsExplicit = true;
                AddFields(model, child, layoutRoot);
            }
            else if (child.kind == CXCursorKind.FieldDecl && Cursors.Spelling(child) is { Length: > 0 } fieldName)
            {
                model.Fields.Add(BuildField(model, child, fieldName, layoutRoot));
            }
        }
    }

    private FieldModel BuildField(StructModel owner, CXCursor field, string fieldName, CXType layoutRoot)
    {
        string what = $"{owner.CSpelling}.{fieldName}";
        if (Libclang.clang_Cursor_isBitField(field) != 0)
        {
            throw new GeneratorException($"{_header}: {what} is a bit-field, which the generator does not bind");
        }
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
