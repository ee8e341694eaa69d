using System;
using System.Collections.Generic;
using System.Linq;

namespace Kiwi.Generator;

/// <summary>Reads one manifest header through libclang into a <see cref="HeaderModel"/>.</summary>
internal sealed class HeaderReader : IDisposable
{
    private readonly ManifestHeader _entry;
    private readonly string _library;
    private readonly IReadOnlyList<string> _arguments;
    private readonly TranslationUnit _unit;
    private readonly List<CXCursor> _topLevel;
    private readonly Dictionary<string, (CXCursor Cursor, string CSpelling)> _structs = new();

    public HeaderReader(ManifestHeader entry, string library, IReadOnlyList<string> arguments)
    {
        _entry = entry;
        _library = entry.Library ?? library;
        _arguments = arguments;
        _unit = TranslationUnit.Parse($"kiwi_{entry.Header.Replace('/', '_')}.c", IncludeLine + "\n", arguments, entry.Header);
        _topLevel = Cursors.Children(_unit.Root);
    }

    private string IncludeLine => $"#include <{_entry.Header}>";

    /// <summary>Finds every manifest struct of this header; returns (USR, C# name) pairs for the type map.</summary>
    public IEnumerable<(string Usr, string Name)> ResolveStructs()
    {
        foreach (string name in _entry.Structs)
        {
            (CXCursor cursor, string spelling) = FindRecord(name)
                ?? throw new GeneratorException($"{_entry.Header}: struct '{name}' not found (no struct, union or typedef of a record with that name)");
            _structs[name] = (cursor, spelling);
            yield return (Cursors.Usr(cursor), name);
        }
    }

    private (CXCursor, string)? FindRecord(string name)
    {
        // A typedef first: an anonymous record named by a typedef (fd_set) also spells as that name.
        foreach (CXCursor c in _topLevel)
        {
            if (c.kind == CXCursorKind.TypedefDecl && Cursors.Spelling(c) == name)
            {
                CXType target = Cursors.Canonical(Libclang.clang_getTypedefDeclUnderlyingType(c));
                if (target.kind == CXTypeKind.Record)
                {
                    return (Libclang.clang_getTypeDeclaration(target), name);
                }
            }
        }
        foreach (CXCursor c in _topLevel)
        {
            bool isRecord = c.kind is CXCursorKind.StructDecl or CXCursorKind.UnionDecl;
            if (isRecord && Libclang.clang_Cursor_isAnonymous(c) == 0 && Libclang.clang_isCursorDefinition(c) != 0 && Cursors.Spelling(c) == name)
            {
                return (c, (c.kind == CXCursorKind.UnionDecl ? "union " : "struct ") + name);
            }
        }
        return null;
    }

    public HeaderModel Read(TypeMapper mapper)
    {
        var model = new HeaderModel { Header = _entry.Header, ClassName = _entry.Class };
        foreach (string name in _entry.Structs)
        {
            (CXCursor cursor, string spelling) = _structs[name];
            model.Structs.Add(new StructBuilder(mapper, _entry.Header).Build(cursor, name, spelling, nested: false));
        }
        model.Constants.AddRange(ReadConstants());
        model.Functions.AddRange(ReadFunctions(mapper));
        return model;
    }

    private List<ConstantModel> ReadConstants()
    {
        Dictionary<string, (string File, bool FunctionLike)> defined = DefinedConstants();
        var requests = new List<ConstantRequest>();
        foreach (ConstantGroup group in _entry.Constants)
        {
            string groupName = group.Prefix != null ? $"prefix '{group.Prefix}'" : group.Name ?? string.Join(",", group.Names);
            if (group.Expression != null)
            {
                if (group.Name == null)
                {
                    throw new GeneratorException($"{_entry.Header}: constant expression '{group.Expression}' has no name");
                }
                requests.Add(new ConstantRequest(group.Name, group.Expression, group.Type, "expression"));
                continue;
            }
            if (group.Prefix != null)
            {
                if (group.DefinedIn.Count == 0)
                {
                    throw new GeneratorException($"{_entry.Header}: constant group {groupName} must say which header files define it (definedIn)");
                }
                var found = defined.Where(d => d.Key.StartsWith(group.Prefix, StringComparison.Ordinal) && !d.Value.FunctionLike
                        && InFiles(d.Value.File, group.DefinedIn) && !group.Exclude.Contains(d.Key))
                    .Select(d => d.Key).ToList();
                if (found.Count == 0)
                {
                    throw new GeneratorException($"{_entry.Header}: constant group {groupName} matched nothing in {string.Join(", ", group.DefinedIn)}");
                }
                requests.AddRange(found.Select(n => new ConstantRequest(n, n, group.Type, Relative(defined[n].File))));
            }
            foreach (string name in group.Names)
            {
                if (!defined.TryGetValue(name, out var where) || where.FunctionLike)
                {
                    throw new GeneratorException($"{_entry.Header}: constant '{name}' not found (no object-like macro or enumerator of that name)");
                }
                if (group.DefinedIn.Count > 0 && !InFiles(where.File, group.DefinedIn))
                {
                    throw new GeneratorException($"{_entry.Header}: constant '{name}' is defined in {where.File}, not in {string.Join(", ", group.DefinedIn)}");
                }
                requests.Add(new ConstantRequest(name, name, group.Type, Relative(where.File)));
            }
        }
        var duplicate = requests.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
        {
            throw new GeneratorException($"{_entry.Header}: constant '{duplicate.Key}' is listed twice");
        }
        return ConstantEvaluator.Evaluate(IncludeLine, _entry.Header, requests, _arguments);
    }

    /// <summary>Every macro and enumerator of the translation unit with the file that defines it.</summary>
    private Dictionary<string, (string File, bool FunctionLike)> DefinedConstants()
    {
        var defined = new Dictionary<string, (string, bool)>();
        foreach (CXCursor c in _topLevel)
        {
            if (c.kind == CXCursorKind.MacroDefinition)
            {
                defined.TryAdd(Cursors.Spelling(c), (Cursors.FileOf(c), Libclang.clang_Cursor_isMacroFunctionLike(c) != 0));
            }
            else if (c.kind == CXCursorKind.EnumDecl)
            {
                foreach (CXCursor e in Cursors.Children(c).Where(e => e.kind == CXCursorKind.EnumConstantDecl))
                {
                    defined.TryAdd(Cursors.Spelling(e), (Cursors.FileOf(e), false));
                }
            }
        }
        return defined;
    }

    private static bool InFiles(string file, List<string> headers) =>
        headers.Any(h => file.EndsWith("/" + h, StringComparison.Ordinal) || file == h);

    /// <summary>A header path as an #include would name it (drops the include directory).</summary>
    private static string Relative(string file)
    {
        foreach (string marker in new[] { "/usr/include/x86_64-linux-gnu/", "/usr/include/", "/native/" })
        {
            int at = file.LastIndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return file[(at + marker.Length)..];
            }
        }
        return System.IO.Path.GetFileName(file);
    }

    private IEnumerable<FunctionModel> ReadFunctions(TypeMapper mapper)
    {
        var functions = new Dictionary<string, CXCursor>();
        foreach (CXCursor c in _topLevel.Where(c => c.kind == CXCursorKind.FunctionDecl))
        {
            functions.TryAdd(Cursors.Spelling(c), c);
        }
        var entries = new List<FunctionEntry>(_entry.Functions);
        if (_entry.FunctionPrefix != null)
        {
            entries.AddRange(functions
                .Where(f => f.Key.StartsWith(_entry.FunctionPrefix, StringComparison.Ordinal) && InFiles(Cursors.FileOf(f.Value), new() { _entry.Header }))
                .Select(f => new FunctionEntry { Name = f.Key }));
        }
        foreach (FunctionEntry entry in entries)
        {
            if (!functions.TryGetValue(entry.Name, out CXCursor cursor))
            {
                throw new GeneratorException($"{_entry.Header}: function '{entry.Name}' not found");
            }
            yield return ReadFunction(cursor, entry, mapper);
        }
    }

    private FunctionModel ReadFunction(CXCursor cursor, FunctionEntry entry, TypeMapper mapper)
    {
        CXType type = Libclang.clang_getCursorType(cursor);
        if (Libclang.clang_isFunctionTypeVariadic(type) != 0)
        {
            throw new GeneratorException($"{_entry.Header}: function '{entry.Name}' is variadic; add a fixed-argument shim function instead");
        }
        CXType result = Libclang.clang_getResultType(type);
        var parameters = new List<ParameterModel>();
        int count = Libclang.clang_Cursor_getNumArguments(cursor);
        for (uint i = 0; i < count; i++)
        {
            CXCursor parameter = Libclang.clang_Cursor_getArgument(cursor, i);
            CXType parameterType = Libclang.clang_getCursorType(parameter);
            string name = Names.Parameter(Cursors.Spelling(parameter), (int)i);
            parameters.Add(new ParameterModel(name, mapper.Map(parameterType, $"{entry.Name}({name})"), Cursors.Spelling(parameterType)));
        }
        return new FunctionModel(entry.Name, mapper.Map(result, $"{entry.Name} result"), Cursors.Spelling(result), parameters,
            _library, entry.SetLastError ?? _entry.SetLastError);
    }

    public void Dispose() => _unit.Dispose();
}
