using System.Runtime.InteropServices;

namespace Kiwi.Generator;

/// <summary>CXString (by value).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXString
{
    public void* data;
    public uint flags;
}
