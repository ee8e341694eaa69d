using System.Runtime.CompilerServices;
using Kiwi.Interop;

namespace Kiwi.Net;

// The batch datagram calls, the zero-copy transfers and the interface-name lookups.
internal static unsafe partial class SystemCalls
{
    /// <summary><c>recvmmsg(2)</c> without a timeout (<c>kiwi_recvmmsg</c>): datagrams received or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RecvMMsg(int fd, mmsghdr* messages, uint count, int flags) => KiwiShim.kiwi_recvmmsg(fd, messages, count, flags);

    /// <summary><c>sendmmsg(2)</c> (<c>kiwi_sendmmsg</c>): datagrams sent or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SendMMsg(int fd, mmsghdr* messages, uint count, int flags) => KiwiShim.kiwi_sendmmsg(fd, messages, count, flags);

    /// <summary><c>sendfile(2)</c>: bytes sent or <c>-errno</c>; <paramref name="offset"/> advances by them.</summary>
    public static nint SendFile(int socket, int file, nint* offset, nuint count) => Result(Libc.sendfile(socket, file, offset, count));

    /// <summary><c>splice(2)</c>: bytes moved or <c>-errno</c>.</summary>
    public static nint Splice(int input, nint* inputOffset, int output, nint* outputOffset, nuint count, uint flags)
        => Result(Libc.splice(input, inputOffset, output, outputOffset, count, flags));

    /// <summary><c>if_nametoindex(3)</c>: the index (≥ 1) or <c>-errno</c>.</summary>
    public static int IfNameToIndex(byte* name)
    {
        uint index = Libc.if_nametoindex(name);
        return index == 0 ? -System.Runtime.InteropServices.Marshal.GetLastPInvokeError() : (int)index;
    }

    /// <summary><c>if_indextoname(3)</c> into <paramref name="name"/> (<c>IF_NAMESIZE</c> bytes): 0 or <c>-errno</c>.</summary>
    public static int IfIndexToName(uint index, byte* name)
        => Libc.if_indextoname(index, name) == null ? -System.Runtime.InteropServices.Marshal.GetLastPInvokeError() : 0;

    // A SetLastError import's nint result (-1 and errno) in this class's convention.
    private static nint Result(nint result) => result < 0 ? -System.Runtime.InteropServices.Marshal.GetLastPInvokeError() : result;
}
