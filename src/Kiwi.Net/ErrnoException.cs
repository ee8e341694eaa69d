using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// A system call failed: carries the <c>errno</c> value, its symbolic name (<c>ECONNREFUSED</c>, from glibc's
/// <c>strerrorname_np</c>) and the failing call (<c>connect</c>). The message reads
/// <c>"connect: ECONNREFUSED (Connection refused)"</c>. Every failed system call of Kiwi.Net throws this type
/// (through <see cref="Throw"/>), with one exception: <c>io_uring_setup</c> refused outright (<c>ENOSYS</c>,
/// <c>EPERM</c>) throws <see cref="Proactor.IoUringUnavailableException"/>, a <see cref="NotSupportedException"/> that
/// carries this type as its inner exception, so that a caller can fall back to the Reactor.
/// </summary>
public sealed class ErrnoException : Exception
{
    /// <summary>Creates the exception for <paramref name="call"/> failing with <paramref name="errno"/>.</summary>
    /// <param name="call">The C function that failed, e.g. <c>"connect"</c>.</param>
    /// <param name="errno">The positive <c>errno</c> value.</param>
    public ErrnoException(string call, int errno)
        : base($"{call}: {NameOf(errno)} ({DescriptionOf(errno)})")
    {
        Call = call;
        Errno = errno;
        ErrnoName = NameOf(errno);
        HResult = errno;
    }

    /// <summary>The positive <c>errno</c> value, comparable with the <c>Libc.E*</c> constants.</summary>
    public int Errno { get; }

    /// <summary>The symbolic name of <see cref="Errno"/> (<c>"ECONNREFUSED"</c>), from <c>strerrorname_np(3)</c>.</summary>
    public string ErrnoName { get; }

    /// <summary>The C function that failed (<c>"connect"</c>).</summary>
    public string Call { get; }

    /// <summary>Throws an <see cref="ErrnoException"/> for <paramref name="call"/> failing with <paramref name="errno"/>.</summary>
    /// <param name="call">The C function that failed.</param>
    /// <param name="errno">The positive <c>errno</c> value (a shim's result negated).</param>
    [DoesNotReturn]
    public static void Throw(string call, int errno) => throw new ErrnoException(call, errno);

    /// <summary>Throws for a <c>SetLastError</c> import that just failed, reading <c>errno</c> from
    /// <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    /// <param name="call">The C function that failed.</param>
    [DoesNotReturn]
    public static void ThrowLastError(string call) => Throw(call, Marshal.GetLastPInvokeError());

    /// <summary>The symbolic name of an <c>errno</c> value (<c>strerrorname_np(3)</c>), or <c>"errno N"</c> when
    /// glibc does not know it.</summary>
    /// <param name="errno">The positive <c>errno</c> value.</param>
    public static unsafe string NameOf(int errno)
    {
        return SystemCalls.ErrorName(errno) ?? $"errno {errno}";
    }

    /// <summary>The human-readable text of an <c>errno</c> value (<c>strerror_r(3)</c>, through the runtime,
    /// which unlike <c>strerror</c> is safe to call from any thread).</summary>
    /// <param name="errno">The positive <c>errno</c> value.</param>
    public static string DescriptionOf(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
