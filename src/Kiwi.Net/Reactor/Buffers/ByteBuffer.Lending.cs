using System;
using System.Buffers;

namespace Kiwi.Net.Reactor;

// Lending, the buffer's side: while a connection's input buffer is empty, its loop lends it one shared read array
// (SharedReadArray) for a read and the message callback. A handler that consumes everything (an echo, most request/response protocols) then never
// touches per-connection memory: with a thousand connections the read lands in memory that is already in cache,
// as in the C server's single read buffer, instead of in one of a thousand cold arrays. Bytes left unconsumed move
// to the buffer's own memory when the loan ends, so the next message finds them as before.
public sealed partial class ByteBuffer
{
    // The loop's array while it is lent to this buffer, else null; never returned to the pool by this buffer.
    private byte[]? _lent;

    // This buffer's own array, put aside while the lent one is in use.
    private byte[] _ownWhileLent = Array.Empty<byte>();

    /// <summary>Starts working on <paramref name="lent"/> in place of the buffer's own memory; the buffer must be empty.</summary>
    internal void BeginLoan(byte[] lent)
    {
        if (ReadableBytes != 0 || _lent is not null || _disposed)
        {
            throw new InvalidOperationException("ByteBuffer.BeginLoan: only an empty buffer with no loan can borrow.");
        }
        _ownWhileLent = _array;
        _array = lent;
        _lent = lent;
        _readIndex = _writeIndex = CheapPrependSize;
    }

    /// <summary>Ends the loan: back to the buffer's own memory, with any unconsumed bytes copied into it.</summary>
    internal void EndLoan()
    {
        byte[]? lent = _lent;
        if (lent is null)
        {
            return;
        }
        _lent = null;
        byte[] own = _ownWhileLent;
        _ownWhileLent = Array.Empty<byte>();
        if (_array != lent)
        {
            // The buffer grew (or shrank) away from the lent array during the loan: keep the new array.
            if (own.Length != 0)
            {
                ArrayPool<byte>.Shared.Return(own);
            }
            return;
        }
        int readable = ReadableBytes;
        if (readable != 0 && own.Length < CheapPrependSize + readable)
        {
            // Unconsumed bytes that do not fit the own array: a bigger one from the pool (as MakeSpace would).
            if (own.Length != 0)
            {
                ArrayPool<byte>.Shared.Return(own);
            }
            own = ArrayPool<byte>.Shared.Rent(Math.Max(CheapPrependSize + readable, DefaultInitialSize + CheapPrependSize));
        }
        if (readable != 0)
        {
            new ReadOnlySpan<byte>(lent, _readIndex, readable).CopyTo(own.AsSpan(CheapPrependSize));
        }
        _array = own;
        _readIndex = Math.Min(CheapPrependSize, own.Length);
        _writeIndex = _readIndex + readable;
    }
}
