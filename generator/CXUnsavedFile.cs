using System.Runtime.InteropServices;

namespace Kiwi.Generator;

/// <summary>CXUnsavedFile: an in-memory source file.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXUnsavedFile
{
    public byte* Filename;
    public byte* Contents;
    public nuint Length;
}
