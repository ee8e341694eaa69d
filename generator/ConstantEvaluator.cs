using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Kiwi.Generator;

/// <summary>
/// Evaluates constants with libclang: a generated translation unit declares
/// <c>const __auto_type kiwi_const_N = (EXPR);</c> for each one, and clang's evaluator gives the value and signedness.
/// </summary>
internal static class ConstantEvaluator
{
    private const string Prefix = "kiwi_const_";

    public static List<ConstantModel> Evaluate(string includeLine, string header, IReadOnlyList<ConstantRequest> requests, IReadOnlyList<string> arguments)
    {
        var results = new List<ConstantModel>();
        if (requests.Count == 0)
        {
            return results;
        }
        var source = new StringBuilder(includeLine).Append('\n');
        for (int i = 0; i < requests.Count; i++)
        {
            source.Append($"const __auto_type {Prefix}{i} = ({requests[i].Expression});\n");
        }
        using TranslationUnit unit = TranslationUnit.Parse($"kiwi_eval_{header.Replace('/', '_')}.c", source.ToString(), arguments, $"constants of {header}");
        var byIndex = new Dictionary<int, CXCursor>();
        foreach (CXCursor c in Cursors.Children(unit.Root).Where(c => c.kind == CXCursorKind.VarDecl))
        {
            string name = Cursors.Spelling(c);
            if (name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                byIndex[int.Parse(name[Prefix.Length..])] = c;
            }
        }
        var failed = new List<string>();
        for (int i = 0; i < requests.Count; i++)
        {
            ConstantRequest request = requests[i];
            Int128? value = byIndex.TryGetValue(i, out CXCursor cursor) ? IntegerValue(cursor) : null;
            if (value == null)
            {
                failed.Add(request.Name);
                continue;
            }
            results.Add(new ConstantModel(request.Name, request.Expression, CSharpType(request, value.Value), value.Value, request.DefinedIn));
        }
        if (failed.Count > 0)
        {
            throw new GeneratorException($"{header}: not an integer constant expression: {string.Join(", ", failed)} (exclude it from its group)");
        }
        return results;
    }

    private static unsafe Int128? IntegerValue(CXCursor variable)
    {
        CXType type = Cursors.Canonical(Libclang.clang_getCursorType(variable));
        bool integer = type.kind == CXTypeKind.Enum || (type.kind >= CXTypeKind.Bool && type.kind <= CXTypeKind.LongLong && type.kind != CXTypeKind.Void);
        if (!integer)
        {
            return null;
        }
        void* result = Libclang.clang_Cursor_Evaluate(variable);
        if (result == null)
        {
            return null;
        }
        try
        {
            if (Libclang.clang_EvalResult_getKind(result) != Libclang.CXEval_Int)
            {
                return null;
            }
            return Libclang.clang_EvalResult_isUnsignedInt(result) != 0
                ? (Int128)Libclang.clang_EvalResult_getAsUnsigned(result)
                : (Int128)Libclang.clang_EvalResult_getAsLongLong(result);
        }
        finally
        {
            Libclang.clang_EvalResult_dispose(result);
        }
    }

    /// <summary>The manifest's type if it names one (the value must fit), else the smallest of int, uint, long, ulong.</summary>
    private static string CSharpType(ConstantRequest request, Int128 value)
    {
        if (request.Type != null)
        {
            (Int128 min, Int128 max) = request.Type switch
            {
                "sbyte" => (sbyte.MinValue, sbyte.MaxValue),
                "byte" => (byte.MinValue, byte.MaxValue),
                "short" => (short.MinValue, short.MaxValue),
                "ushort" => (ushort.MinValue, ushort.MaxValue),
                "int" => (int.MinValue, int.MaxValue),
                "uint" => (uint.MinValue, uint.MaxValue),
                "long" => (long.MinValue, long.MaxValue),
                "ulong" => ((Int128)ulong.MinValue, (Int128)ulong.MaxValue),
                _ => throw new GeneratorException($"constant '{request.Name}': unknown type '{request.Type}'"),
            };
            if (value < min || value > max)
            {
                throw new GeneratorException($"constant '{request.Name}' = {value} does not fit the manifest's type {request.Type}");
            }
            return request.Type;
        }
        if (value >= int.MinValue && value <= int.MaxValue) return "int";
        if (value >= 0 && value <= uint.MaxValue) return "uint";
        if (value >= long.MinValue && value <= long.MaxValue) return "long";
        return "ulong";
    }
}
