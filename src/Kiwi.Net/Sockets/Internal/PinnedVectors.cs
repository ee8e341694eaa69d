using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// Pins a list of buffers and describes them as <c>struct iovec</c>s for <c>readv</c>/<c>writev</c>/<c>sendmsg</c>:
/// up to <see cref="InlineCount"/> pins live on the stack, more are rented from the shared pool, so the common
/// case allocates nothing. Dispose unpins.
/// </summary>
internal unsafe ref struct PinnedVectors
{
    /// <summary>Buffers pinned without renting.</summary>
    public const int InlineCount = 16;

    /// <summary><c>IOV_MAX</c> on Linux: the most buffers one call takes.</summary>
    public const int MaxCount = 1024;

    private InlinePins _inline;
    private MemoryHandle[]? _rented;
    private int _count;

    /// <summary>Pins each buffer and writes its address and length into <paramref name="vectors"/>.</summary>
    public PinnedVectors(ReadOnlySpan<ReadOnlyMemory<byte>> buffers, Span<iovec> vectors)
    {
        ThrowIfTooMany(buffers.Length);
        _rented = buffers.Length > InlineCount ? ArrayPool<MemoryHandle>.Shared.Rent(buffers.Length) : null;
        Span<MemoryHandle> pins = _rented ?? (Span<MemoryHandle>)_inline;
        for (int i = 0; i < buffers.Length; i++)
        {
            pins[i] = buffers[i].Pin();
            _count = i + 1;
            vectors[i] = new iovec { iov_base = pins[i].Pointer, iov_len = (nuint)buffers[i].Length };
        }
    }

    /// <summary>Refuses more buffers than one call takes.</summary>
    public static void ThrowIfTooMany(int count)
    {
        if (count > MaxCount)
        {
            throw new ArgumentOutOfRangeException("buffers", count, $"readv/writev take at most {MaxCount} buffers (IOV_MAX).");
        }
    }

    /// <summary>Unpins every buffer and returns a rented array.</summary>
    public void Dispose()
    {
        Span<MemoryHandle> pins = _rented ?? (Span<MemoryHandle>)_inline;
        for (int i = 0; i < _count; i++)
        {
            pins[i].Dispose();
        }
        if (_rented is not null)
        {
            ArrayPool<MemoryHandle>.Shared.Return(_rented, clearArray: true);
            _rented = null;
        }
        _count = 0;
    }

    [InlineArray(InlineCount)]
    private struct InlinePins
    {
        private MemoryHandle _element0;
    }
}
