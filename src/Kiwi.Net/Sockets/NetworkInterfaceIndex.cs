using System;
using System.Runtime.InteropServices;
using System.Text;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// Interface names and the indexes the kernel uses for them (<c>if_nametoindex(3)</c>/<c>if_indextoname(3)</c>):
/// what multicast membership, <c>IPV6_MULTICAST_IF</c>, scope ids and <c>IP_PKTINFO</c> speak in.
/// </summary>
public static class NetworkInterfaceIndex
{
    /// <summary>The index of interface <paramref name="name"/> (<c>if_nametoindex(3)</c>), e.g. 1 for <c>"lo"</c>.</summary>
    /// <param name="name">The interface name, at most <c>IF_NAMESIZE - 1</c> bytes.</param>
    /// <exception cref="ErrnoException"><c>ENODEV</c> when no interface has that name.</exception>
    public static unsafe int Of(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        int length = Encoding.UTF8.GetByteCount(name);
        if (length >= Libc.IF_NAMESIZE)
        {
            throw new ArgumentException($"An interface name has at most {Libc.IF_NAMESIZE - 1} bytes; '{name}' has {length}.", nameof(name));
        }
        Span<byte> text = stackalloc byte[Libc.IF_NAMESIZE];
        text.Clear();
        Encoding.UTF8.GetBytes(name, text);
        fixed (byte* p = text)
        {
            return (int)SystemCalls.ThrowIfFailed(SystemCalls.IfNameToIndex(p), "if_nametoindex");
        }
    }

    /// <summary>The name of the interface with index <paramref name="index"/> (<c>if_indextoname(3)</c>).</summary>
    /// <param name="index">An interface index (≥ 1).</param>
    /// <exception cref="ErrnoException"><c>ENXIO</c> when no interface has that index.</exception>
    public static unsafe string NameOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        byte* name = stackalloc byte[Libc.IF_NAMESIZE];
        SystemCalls.ThrowIfFailed(SystemCalls.IfIndexToName((uint)index, name), "if_indextoname");
        return Marshal.PtrToStringUTF8((nint)name)!;
    }
}
