using System;

namespace Kiwi.Examples;

/// <summary>
/// The bytes a connection still owes its peer: appended at the end, sent from the front. One array, compacted
/// before it grows, so a connection in steady state allocates nothing. One thread.
/// </summary>
internal sealed class OutputQueue
{
    private byte[] _buffer = Array.Empty<byte>();
    private int _start;
    private int _end;

    /// <summary>Bytes waiting to be sent.</summary>
    public int Count => _end - _start;

    /// <summary>The waiting bytes, oldest first; valid until the next <see cref="Append"/> or <see cref="Consume"/>.</summary>
    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Queues a copy of <paramref name="data"/> behind what is already waiting.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (_buffer.Length - _end < data.Length)
        {
            MakeRoom(data.Length);
        }
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Drops the first <paramref name="count"/> waiting bytes (they were sent).</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            // Empty: start over at the front, so the next append never needs to move bytes.
            _start = _end = 0;
        }
    }

    private void MakeRoom(int needed)
    {
        int count = Count;
        if (_buffer.Length - count >= needed && count <= _buffer.Length / 2)
        {
            // Enough room once the sent prefix is reclaimed, and little to move.
            _buffer.AsSpan(_start, count).CopyTo(_buffer);
        }
        else
        {
            byte[] larger = new byte[Math.Max(Math.Max(4096, _buffer.Length * 2), count + needed)];
            _buffer.AsSpan(_start, count).CopyTo(larger);
            _buffer = larger;
        }
        _start = 0;
        _end = count;
    }
}
