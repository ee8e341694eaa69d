using System.Runtime.InteropServices;

namespace Kiwi.Generator;

/// <summary>CXType (by value).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXType
{
    public CXTypeKind kind;
    public void* data0;
    public void* data1;
}
