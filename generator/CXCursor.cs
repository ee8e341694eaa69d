using System.Runtime.InteropServices;

namespace Kiwi.Generator;

/// <summary>CXCursor (by value).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CXCursor
{
    public CXCursorKind kind;
    public int xdata;
    public void* data0;
    public void* data1;
    public void* data2;
}
