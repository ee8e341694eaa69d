using System;

namespace Kiwi.Net.Reactor;

// One read array per loop, lent to a connection's empty input buffer for a read and its message callback
// (ByteBuffer.Lending.cs): the memory every read lands in stays hot in the cache, whatever the number of connections.
public sealed partial class EventLoop
{
    /// <summary>Size of the array the loop lends for reads: 64 KiB after the prepend area, like the C server's buffer, so no spill vector is needed.</summary>
    internal const int LendableReadSize = ByteBuffer.CheapPrependSize + ByteBuffer.SpillSize;

    private byte[]? _readArray;
    private bool _readArrayLent;

    /// <summary>Lends the loop's read array, or returns null while it is lent (a callback that reads re-entrantly). Loop thread.</summary>
    internal byte[]? TryLendReadArray()
    {
        if (_readArrayLent)
        {
            return null;
        }
        _readArrayLent = true;
        return _readArray ??= GC.AllocateUninitializedArray<byte>(LendableReadSize, pinned: true);
    }

    /// <summary>Takes the read array back after <see cref="ByteBuffer.EndLoan"/>. Loop thread.</summary>
    internal void ReturnReadArray() => _readArrayLent = false;
}
