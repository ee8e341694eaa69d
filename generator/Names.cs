using System.Collections.Generic;

namespace Kiwi.Generator;

/// <summary>C identifiers made valid C# identifiers.</summary>
internal static class Names
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>A parameter name: leading underscores stripped, keywords escaped, unnamed ones numbered.</summary>
    public static string Parameter(string cName, int index)
    {
        string name = cName.TrimStart('_');
        return name.Length == 0 ? $"arg{index}" : Escape(name);
    }

    public static string Escape(string name) => Keywords.Contains(name) ? "@" + name : name;
}
