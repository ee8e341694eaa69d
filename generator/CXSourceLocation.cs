using System.Runtime.InteropServices;

namespace Kiwi.Generator;

/// <summary>CXSourceLocation (by value).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXSourceLocation
{
    public void* ptr0;
    public void* ptr1;
    public uint intData;
}
