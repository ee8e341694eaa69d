using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// The one door to the kernel: every <c>KiwiShim</c> and <c>Libc</c> function Kiwi.Net calls is called here and
/// nowhere else, each method named after its C call.
/// </summary>
/// <remarks>
/// <para><b>One result convention.</b> A call that can fail returns its C result (≥ 0) or <c>-errno</c>, whether
/// the import is the shim's (which returns <c>-errno</c> itself) or a <c>SetLastError</c> one of libc (converted
/// here, on cold paths only). Callers outside map a result with <see cref="Completed"/> (TryX: false for
/// <c>EAGAIN</c>) or <see cref="ThrowIfFailed"/> (an <see cref="ErrnoException"/> naming the call).</para>
/// <para><b>EINTR never comes back.</b> The shim retries every call that can block (timed waits for the time
/// that remains), as dotnet/runtime's <c>pal_networking.c</c> does; libc imports used here do not block.</para>
/// </remarks>
internal static unsafe partial class SystemCalls
{
    /// <summary>True when a result is <c>-EAGAIN</c> (<c>-EWOULDBLOCK</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWouldBlock(nint result) => result == -Libc.EAGAIN;

    /// <summary>Returns <paramref name="result"/> when it is not <c>-errno</c>, else throws an
    /// <see cref="ErrnoException"/> naming <paramref name="call"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint ThrowIfFailed(nint result, string call)
    {
        if (result < 0)
        {
            ErrnoException.Throw(call, (int)-result);
        }
        return result;
    }

    /// <summary>The TryX mapping: true with the count, false for <c>-EAGAIN</c>, an <see cref="ErrnoException"/>
    /// naming <paramref name="call"/> for any other <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Completed(nint result, string call, out int count)
    {
        if (result >= 0)
        {
            count = (int)result;
            return true;
        }
        count = 0;
        if (result != -Libc.EAGAIN)
        {
            ThrowFailed(call, result);
        }
        return false;
    }

    /// <summary><c>strerrorname_np(3)</c>: the symbolic name of an <c>errno</c> value, or null when glibc does not know it.</summary>
    public static string? ErrorName(int errno)
    {
        byte* name = Libc.strerrorname_np(errno);
        return name == null ? null : Marshal.PtrToStringUTF8((nint)name);
    }

    // A SetLastError import's result (-1 and errno) in this class's convention; read at once, before another import.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Result(int result) => result < 0 ? -Marshal.GetLastPInvokeError() : result;

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFailed(string call, nint result) => ErrnoException.Throw(call, (int)-result);
}
