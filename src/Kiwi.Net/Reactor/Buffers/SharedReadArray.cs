using System;

namespace Kiwi.Net.Reactor;

/// <summary>
/// One read array per loop, lent to a connection's empty input buffer for a read and its message callback: the
/// memory every read lands in stays hot in the cache, whatever the number of connections, as in the C server's
/// single read buffer. The buffer's side of the loan (working on the lent array, keeping unconsumed bytes when it
/// ends) is <see cref="ByteBuffer.BeginLoan"/>/<see cref="ByteBuffer.EndLoan"/>. Loop thread only.
/// </summary>
internal sealed class SharedReadArray
{
    /// <summary>64 KiB after the prepend area, like the C server's buffer, so a read into it needs no spill vector.</summary>
    public const int Size = ByteBuffer.CheapPrependSize + ByteBuffer.SpillSize;

    private byte[]? _array;
    private ByteBuffer? _borrower;

    /// <summary>Lends the array to <paramref name="buffer"/>; false when the buffer holds bytes or the array is
    /// already lent (a message callback that reads re-entrantly).</summary>
    public bool TryLendTo(ByteBuffer buffer)
    {
        if (_borrower is not null || buffer.ReadableBytes != 0)
        {
            return false;
        }
        buffer.BeginLoan(_array ??= GC.AllocateUninitializedArray<byte>(Size, pinned: true));
        _borrower = buffer;
        return true;
    }

    /// <summary>Ends the loan: the borrower goes back to its own memory, with any unconsumed bytes copied into it.</summary>
    public void TakeBack()
    {
        _borrower?.EndLoan();
        _borrower = null;
    }
}
