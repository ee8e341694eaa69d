using System.Runtime.InteropServices;

namespace Kiwi.Generator;

/// <summary>The few libclang C-API entry points the generator needs (libclang NuGet package, native libclang.so).</summary>
internal static unsafe class Libclang
{
    private const string Lib = "libclang";

    public const int CXTranslationUnit_DetailedPreprocessingRecord = 0x01;
    public const int CXTranslationUnit_SkipFunctionBodies = 0x40;

    public const int CXChildVisit_Break = 0;
    public const int CXChildVisit_Continue = 1;

    public const int CXDiagnostic_Error = 3;
    public const int CXEval_Int = 1;

    [DllImport(Lib)] public static extern void* clang_createIndex(int excludeDeclarationsFromPch, int displayDiagnostics);
    [DllImport(Lib)] public static extern void clang_disposeIndex(void* index);
    [DllImport(Lib)] public static extern int clang_parseTranslationUnit2(void* index, byte* sourceFilename, byte** commandLineArgs, int numCommandLineArgs, CXUnsavedFile* unsavedFiles, uint numUnsavedFiles, uint options, void** translationUnit);
    [DllImport(Lib)] public static extern void clang_disposeTranslationUnit(void* translationUnit);
    [DllImport(Lib)] public static extern CXCursor clang_getTranslationUnitCursor(void* translationUnit);
    [DllImport(Lib)] public static extern uint clang_getNumDiagnostics(void* translationUnit);
    [DllImport(Lib)] public static extern void* clang_getDiagnostic(void* translationUnit, uint index);
    [DllImport(Lib)] public static extern int clang_getDiagnosticSeverity(void* diagnostic);
    [DllImport(Lib)] public static extern CXString clang_formatDiagnostic(void* diagnostic, uint options);
    [DllImport(Lib)] public static extern void clang_disposeDiagnostic(void* diagnostic);

    [DllImport(Lib)] public static extern uint clang_visitChildren(CXCursor parent, delegate* unmanaged<CXCursor, CXCursor, void*, int> visitor, void* clientData);
    [DllImport(Lib)] public static extern CXCursorKind clang_getCursorKind(CXCursor cursor);
    [DllImport(Lib)] public static extern CXString clang_getCursorSpelling(CXCursor cursor);
    [DllImport(Lib)] public static extern CXString clang_getCursorUSR(CXCursor cursor);
    [DllImport(Lib)] public static extern CXType clang_getCursorType(CXCursor cursor);
    [DllImport(Lib)] public static extern uint clang_isCursorDefinition(CXCursor cursor);
    [DllImport(Lib)] public static extern uint clang_Cursor_isAnonymous(CXCursor cursor);
    [DllImport(Lib)] public static extern uint clang_Cursor_isAnonymousRecordDecl(CXCursor cursor);
    [DllImport(Lib)] public static extern uint clang_Cursor_isBitField(CXCursor cursor);
    [DllImport(Lib)] public static extern int clang_getFieldDeclBitWidth(CXCursor cursor);
    [DllImport(Lib)] public static extern uint clang_Cursor_hasAttrs(CXCursor cursor);
    [DllImport(Lib)] public static extern uint clang_Cursor_isMacroFunctionLike(CXCursor cursor);
    [DllImport(Lib)] public static extern int clang_Cursor_getNumArguments(CXCursor cursor);
    [DllImport(Lib)] public static extern CXCursor clang_Cursor_getArgument(CXCursor cursor, uint index);
    [DllImport(Lib)] public static extern CXType clang_getTypedefDeclUnderlyingType(CXCursor cursor);
    [DllImport(Lib)] public static extern CXType clang_getEnumDeclIntegerType(CXCursor cursor);
    [DllImport(Lib)] public static extern CXSourceLocation clang_getCursorLocation(CXCursor cursor);
    [DllImport(Lib)] public static extern void clang_getSpellingLocation(CXSourceLocation location, void** file, uint* line, uint* column, uint* offset);
    [DllImport(Lib)] public static extern CXString clang_getFileName(void* file);

    [DllImport(Lib)] public static extern CXType clang_getCanonicalType(CXType type);
    [DllImport(Lib)] public static extern CXType clang_Type_getNamedType(CXType type);
    [DllImport(Lib)] public static extern CXString clang_getTypeSpelling(CXType type);
    [DllImport(Lib)] public static extern CXCursor clang_getTypeDeclaration(CXType type);
    [DllImport(Lib)] public static extern CXType clang_getPointeeType(CXType type);
    [DllImport(Lib)] public static extern CXType clang_getResultType(CXType type);
    [DllImport(Lib)] public static extern uint clang_isFunctionTypeVariadic(CXType type);
    [DllImport(Lib)] public static extern CXType clang_getArrayElementType(CXType type);
    [DllImport(Lib)] public static extern long clang_getArraySize(CXType type);
    [DllImport(Lib)] public static extern long clang_Type_getSizeOf(CXType type);
    [DllImport(Lib)] public static extern long clang_Type_getAlignOf(CXType type);
    [DllImport(Lib)] public static extern long clang_Type_getOffsetOf(CXType type, byte* fieldName);

    [DllImport(Lib)] public static extern void* clang_Cursor_Evaluate(CXCursor cursor);
    [DllImport(Lib)] public static extern int clang_EvalResult_getKind(void* result);
    [DllImport(Lib)] public static extern uint clang_EvalResult_isUnsignedInt(void* result);
    [DllImport(Lib)] public static extern ulong clang_EvalResult_getAsUnsigned(void* result);
    [DllImport(Lib)] public static extern long clang_EvalResult_getAsLongLong(void* result);
    [DllImport(Lib)] public static extern void clang_EvalResult_dispose(void* result);

    [DllImport(Lib)] public static extern byte* clang_getCString(CXString text);
    [DllImport(Lib)] public static extern void clang_disposeString(CXString text);

    /// <summary>Copies a CXString into a managed string and frees it.</summary>
    public static string Take(CXString text)
    {
        string result = Marshal.PtrToStringUTF8((nint)clang_getCString(text)) ?? "";
        clang_disposeString(text);
        return result;
    }
}
