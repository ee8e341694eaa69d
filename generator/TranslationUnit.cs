using System;
using System.Collections.Generic;
using System.Text;

namespace Kiwi.Generator;

/// <summary>One parsed C translation unit (an in-memory source file), freed on Dispose.</summary>
internal sealed unsafe class TranslationUnit : IDisposable
{
    private void* _index;
    private void* _unit;

    private TranslationUnit(void* index, void* unit)
    {
        _index = index;
        _unit = unit;
    }

    public CXCursor Root => Libclang.clang_getTranslationUnitCursor(_unit);

    /// <summary>Parses <paramref name="source"/> as the file <paramref name="fileName"/>; throws if clang reports an error.</summary>
    public static TranslationUnit Parse(string fileName, string source, IReadOnlyList<string> arguments, string what)
    {
        void* index = Libclang.clang_createIndex(0, 0);
        var pinned = new List<IntPtr>();
        byte* Utf8(string s)
        {
            IntPtr p = System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8(s);
            pinned.Add(p);
            return (byte*)p;
        }
        try
        {
            byte** args = stackalloc byte*[arguments.Count];
            for (int i = 0; i < arguments.Count; i++)
            {
                args[i] = Utf8(arguments[i]);
            }
            CXUnsavedFile unsaved;
            unsaved.Filename = Utf8(fileName);
            unsaved.Contents = Utf8(source);
            unsaved.Length = (nuint)Encoding.UTF8.GetByteCount(source);
            void* unit;
            uint options = Libclang.CXTranslationUnit_DetailedPreprocessingRecord | Libclang.CXTranslationUnit_SkipFunctionBodies;
            int error = Libclang.clang_parseTranslationUnit2(index, unsaved.Filename, args, arguments.Count, &unsaved, 1, options, &unit);
            if (error != 0 || unit == null)
            {
                Libclang.clang_disposeIndex(index);
                throw new GeneratorException($"libclang could not parse {what} (CXErrorCode {error})");
            }
            var result = new TranslationUnit(index, unit);
            List<string> errors = result.Errors();
            if (errors.Count > 0)
            {
                result.Dispose();
                throw new GeneratorException($"{what}: {string.Join("; ", errors)}");
            }
            return result;
        }
        finally
        {
            foreach (IntPtr p in pinned)
            {
                System.Runtime.InteropServices.Marshal.FreeCoTaskMem(p);
            }
        }
    }

    private List<string> Errors()
    {
        var errors = new List<string>();
        uint count = Libclang.clang_getNumDiagnostics(_unit);
        for (uint i = 0; i < count; i++)
        {
            void* diagnostic = Libclang.clang_getDiagnostic(_unit, i);
            if (Libclang.clang_getDiagnosticSeverity(diagnostic) >= Libclang.CXDiagnostic_Error)
            {
                errors.Add(Libclang.Take(Libclang.clang_formatDiagnostic(diagnostic, 0)));
            }
            Libclang.clang_disposeDiagnostic(diagnostic);
        }
        return errors;
    }

    public void Dispose()
    {
        if (_unit != null)
        {
            Libclang.clang_disposeTranslationUnit(_unit);
            _unit = null;
        }
        if (_index != null)
        {
            Libclang.clang_disposeIndex(_index);
            _index = null;
        }
    }
}
