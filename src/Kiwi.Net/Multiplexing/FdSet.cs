using System;
using System.Runtime.InteropServices;
using Kiwi.Interop;

namespace Kiwi.Net.Multiplexing;

/// <summary>
/// A <c>fd_set</c> for <see cref="Select.Wait"/>: a fixed bitmap of FD_SETSIZE (1024) descriptors. Every
/// operation goes through the shim's range-checked <c>FD_*</c>, so a descriptor outside 0..FD_SETSIZE-1 is an
/// <see cref="ArgumentOutOfRangeException"/>, never a write past the bitmap. Use <see cref="Poll"/> or epoll for
/// larger numbers.
/// </summary>
public sealed class FdSet
{
    /// <summary><c>FD_SETSIZE</c>: the first descriptor number a set cannot hold.</summary>
    public static readonly int Capacity = SystemCalls.FdSetSize();

    private fd_set _bits;

    /// <summary>An empty set (<c>FD_ZERO</c>).</summary>
    public FdSet() => Clear();

    /// <summary>The highest descriptor added since the last <see cref="Clear"/>, or -1; <c>select</c>'s
    /// <c>nfds</c> is one more.</summary>
    public int HighestDescriptor { get; private set; } = -1;

    /// <summary>Adds a descriptor (<c>FD_SET</c>).</summary>
    /// <param name="descriptor">0 ≤ descriptor &lt; FD_SETSIZE.</param>
    /// <exception cref="ArgumentOutOfRangeException">The descriptor is outside the set's range.</exception>
    public unsafe void Add(int descriptor)
    {
        fixed (fd_set* set = &_bits)
        {
            Check(SystemCalls.FdSet(descriptor, set), descriptor);
        }
        HighestDescriptor = Math.Max(HighestDescriptor, descriptor);
    }

    /// <summary>Adds a handle's descriptor (<c>FD_SET</c>); the caller keeps the handle open until the select.</summary>
    /// <param name="handle">An open handle.</param>
    public void Add(SafeHandle handle) => Add(DescriptorOf(handle));

    /// <summary>Removes a descriptor (<c>FD_CLR</c>).</summary>
    /// <param name="descriptor">0 ≤ descriptor &lt; FD_SETSIZE.</param>
    /// <exception cref="ArgumentOutOfRangeException">The descriptor is outside the set's range.</exception>
    public unsafe void Remove(int descriptor)
    {
        fixed (fd_set* set = &_bits)
        {
            Check(SystemCalls.FdClr(descriptor, set), descriptor);
        }
    }

    /// <summary>Whether the set holds a descriptor (<c>FD_ISSET</c>); after <see cref="Select.Wait"/>, whether it
    /// is ready.</summary>
    /// <param name="descriptor">0 ≤ descriptor &lt; FD_SETSIZE.</param>
    /// <exception cref="ArgumentOutOfRangeException">The descriptor is outside the set's range.</exception>
    public unsafe bool Contains(int descriptor)
    {
        fixed (fd_set* set = &_bits)
        {
            return Check(SystemCalls.FdIsSet(descriptor, set), descriptor) == 1;
        }
    }

    /// <summary>Whether the set holds a handle's descriptor (<c>FD_ISSET</c>).</summary>
    /// <param name="handle">An open handle.</param>
    public bool Contains(SafeHandle handle) => Contains(DescriptorOf(handle));

    /// <summary>Makes this set equal to <paramref name="source"/>: <c>select</c> overwrites its sets with the ready
    /// descriptors, so a loop keeps the watched set apart and copies it before every call (one 128-byte copy).</summary>
    /// <param name="source">The set to copy.</param>
    public void CopyFrom(FdSet source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _bits = source._bits;
        HighestDescriptor = source.HighestDescriptor;
    }

    /// <summary>Empties the set (<c>FD_ZERO</c>).</summary>
    public unsafe void Clear()
    {
        fixed (fd_set* set = &_bits)
        {
            SystemCalls.FdZero(set);
        }
        HighestDescriptor = -1;
    }

    /// <summary>The bitmap, for <c>fixed</c> in <see cref="Select"/> (a null set pins to a null pointer).</summary>
    internal ref fd_set GetPinnableReference() => ref _bits;

    private static int DescriptorOf(SafeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ObjectDisposedException.ThrowIf(handle.IsClosed, handle);
        return (int)handle.DangerousGetHandle();
    }

    private static int Check(int result, int descriptor)
    {
        if (result == -Libc.EINVAL)
        {
            throw new ArgumentOutOfRangeException(nameof(descriptor), descriptor,
                $"An fd_set holds descriptors 0..{Capacity - 1} (FD_SETSIZE); use poll or epoll for larger ones.");
        }
        return result;
    }
}
