using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Kiwi.Net.Reactor;

/// <summary>
/// A growable byte buffer with a cheap prepend area, a read index and a write index:
/// <c>| prependable | readable | writable |</c>. Its memory is rented from
/// <see cref="ArrayPool{T}.Shared"/> and returned on <see cref="Dispose"/> or
/// <see cref="Shrink"/>, so a connection in steady state allocates nothing per message.
/// Integers are written and read in network byte order (big-endian). Not thread-safe:
/// a buffer belongs to one connection and is touched only on its loop thread.
/// </summary>
public sealed partial class ByteBuffer : IBufferWriter<byte>, IDisposable
{
    /// <summary>Bytes kept free in front of the data so a length header can be prepended without copying.</summary>
    public const int CheapPrependSize = 8;

    /// <summary>The capacity a buffer grows to first when created empty.</summary>
    public const int DefaultInitialSize = 1024;

    private byte[] _array;
    private int _readIndex;
    private int _writeIndex;
    private bool _disposed;

    /// <summary>Creates an empty buffer; no memory is rented until the first write.</summary>
    public ByteBuffer()
    {
        _array = Array.Empty<byte>();
    }

    /// <summary>Creates a buffer with room for at least <paramref name="initialSize"/> bytes after the prepend area.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialSize"/> is negative, or with the prepend
    /// area larger than the largest array.</exception>
    public ByteBuffer(int initialSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initialSize, Array.MaxLength - CheapPrependSize);
        _array = initialSize == 0 ? Array.Empty<byte>() : ArrayPool<byte>.Shared.Rent(CheapPrependSize + initialSize);
        _readIndex = _writeIndex = Math.Min(CheapPrependSize, _array.Length);
    }

    /// <summary>Number of bytes that can be read (between the read and the write index).</summary>
    public int ReadableBytes => _writeIndex - _readIndex;

    /// <summary>Number of bytes that can be written without growing or compacting.</summary>
    public int WritableBytes => _array.Length - _writeIndex;

    /// <summary>Number of bytes in front of the readable data (where <see cref="Prepend"/> writes).</summary>
    public int PrependableBytes => _readIndex;

    /// <summary>Size of the backing memory in bytes (0 while nothing is rented).</summary>
    public int Capacity => _array.Length;

    /// <summary>The readable bytes; valid until the next call that writes, grows or shrinks the buffer.</summary>
    public ReadOnlySpan<byte> ReadableSpan => new(_array, _readIndex, _writeIndex - _readIndex);

    /// <summary>The readable bytes as memory; valid until the next call that writes, grows or shrinks the buffer.</summary>
    public ReadOnlyMemory<byte> ReadableMemory => new(_array, _readIndex, _writeIndex - _readIndex);

    /// <summary>Consumes <paramref name="count"/> readable bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than <see cref="ReadableBytes"/>.</exception>
    public void Retrieve(int count)
    {
        if ((uint)count > (uint)ReadableBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Retrieve: only {ReadableBytes} bytes are readable.");
        }
        if (count < ReadableBytes)
        {
            _readIndex += count;
        }
        else
        {
            RetrieveAll();
        }
    }

    /// <summary>Consumes every readable byte; the indices go back to the start, so no compaction is needed later.</summary>
    public void RetrieveAll()
    {
        _readIndex = _writeIndex = Math.Min(CheapPrependSize, _array.Length);
    }

    /// <summary>Consumes <paramref name="count"/> readable bytes and returns them decoded as UTF-8.</summary>
    public string RetrieveAsString(int count)
    {
        if ((uint)count > (uint)ReadableBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"RetrieveAsString: only {ReadableBytes} bytes are readable.");
        }
        string text = Encoding.UTF8.GetString(_array, _readIndex, count);
        Retrieve(count);
        return text;
    }

    /// <summary>Consumes every readable byte and returns them decoded as UTF-8.</summary>
    public string RetrieveAllAsString() => RetrieveAsString(ReadableBytes);

    /// <summary>Copies up to <paramref name="destination"/>.Length readable bytes out and consumes them.</summary>
    /// <returns>The number of bytes copied.</returns>
    public int Read(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, ReadableBytes);
        new ReadOnlySpan<byte>(_array, _readIndex, count).CopyTo(destination);
        Retrieve(count);
        return count;
    }

    /// <summary>Appends <paramref name="data"/> after the readable bytes, growing the buffer if needed.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        EnsureWritable(data.Length);
        data.CopyTo(new Span<byte>(_array, _writeIndex, data.Length));
        _writeIndex += data.Length;
    }

    /// <summary>Appends <paramref name="text"/> encoded as UTF-8.</summary>
    public void AppendUtf8(ReadOnlySpan<char> text)
    {
        EnsureWritable(Encoding.UTF8.GetMaxByteCount(text.Length));
        _writeIndex += Encoding.UTF8.GetBytes(text, new Span<byte>(_array, _writeIndex, _array.Length - _writeIndex));
    }

    /// <summary>Makes sure at least <paramref name="count"/> bytes are writable, compacting or growing the buffer.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public void EnsureWritable(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (WritableBytes < count)
        {
            MakeSpace(count);
        }
    }

    /// <summary>Returns the writable region, at least <paramref name="sizeHint"/> bytes (1 if 0); commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        EnsureWritable(Math.Max(sizeHint, 1));
        return new Span<byte>(_array, _writeIndex, _array.Length - _writeIndex);
    }

    /// <summary>Returns the writable region as memory, at least <paramref name="sizeHint"/> bytes (1 if 0); commit with <see cref="Advance"/>.</summary>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        EnsureWritable(Math.Max(sizeHint, 1));
        return new Memory<byte>(_array, _writeIndex, _array.Length - _writeIndex);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into the region from <see cref="GetSpan"/> as readable.</summary>
    public void Advance(int count)
    {
        if ((uint)count > (uint)WritableBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Advance: only {WritableBytes} bytes are writable.");
        }
        _writeIndex += count;
    }

    /// <summary>Takes back the last <paramref name="count"/> appended bytes.</summary>
    public void Unwrite(int count)
    {
        if ((uint)count > (uint)ReadableBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Unwrite: only {ReadableBytes} bytes are readable.");
        }
        _writeIndex -= count;
    }

    /// <summary>Writes <paramref name="data"/> just in front of the readable bytes (into the prepend area).</summary>
    /// <exception cref="InvalidOperationException">There are fewer than <paramref name="data"/>.Length prependable bytes.</exception>
    public void Prepend(ReadOnlySpan<byte> data)
    {
        if (data.Length > PrependableBytes)
        {
            throw new InvalidOperationException($"Prepend: {data.Length} bytes do not fit in the {PrependableBytes} prependable bytes.");
        }
        _readIndex -= data.Length;
        data.CopyTo(new Span<byte>(_array, _readIndex, data.Length));
    }

    /// <summary>Index of the first CR LF at or after <paramref name="start"/>, relative to the readable start; -1 if none.</summary>
    public int IndexOfCrlf(int start = 0)
    {
        if ((uint)start > (uint)ReadableBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"IndexOfCrlf: only {ReadableBytes} bytes are readable.");
        }
        int found = ReadableSpan[start..].IndexOf("\r\n"u8);
        return found < 0 ? -1 : start + found;
    }

    /// <summary>Index of the first LF at or after <paramref name="start"/>, relative to the readable start; -1 if none.</summary>
    public int IndexOfEol(int start = 0)
    {
        if ((uint)start > (uint)ReadableBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"IndexOfEol: only {ReadableBytes} bytes are readable.");
        }
        int found = ReadableSpan[start..].IndexOf((byte)'\n');
        return found < 0 ? -1 : start + found;
    }

    /// <summary>
    /// Gives back memory: keeps the readable bytes plus <paramref name="reserve"/> writable bytes and returns
    /// the rest to the pool. An empty buffer shrunk with no reserve holds no memory at all.
    /// </summary>
    public void Shrink(int reserve = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reserve);
        int readable = ReadableBytes;
        if (readable == 0 && reserve == 0)
        {
            ReturnArray();
            _readIndex = _writeIndex = 0;
            return;
        }
        int wanted = CheapPrependSize + readable + reserve;
        if (wanted >= _array.Length)
        {
            return;
        }
        byte[] smaller = ArrayPool<byte>.Shared.Rent(wanted);
        if (smaller.Length >= _array.Length)
        {
            // The pool rounds up to a power of two: nothing would be saved.
            ArrayPool<byte>.Shared.Return(smaller);
            return;
        }
        new ReadOnlySpan<byte>(_array, _readIndex, readable).CopyTo(smaller.AsSpan(CheapPrependSize));
        ReturnArray();
        _array = smaller;
        _readIndex = CheapPrependSize;
        _writeIndex = CheapPrependSize + readable;
    }

    /// <summary>Returns the backing memory to the pool; the buffer is empty afterwards and refuses to grow.</summary>
    public void Dispose()
    {
        _disposed = true;
        EndLoan();
        ReturnArray();
        _readIndex = _writeIndex = 0;
    }

    private void ReturnArray()
    {
        byte[] old = _array;
        _array = Array.Empty<byte>();
        // A lent array belongs to the loop (ByteBuffer.Lending.cs), never to the pool.
        if (old.Length != 0 && old != _lent)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    private void MakeSpace(int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int readable = ReadableBytes;
        if (_array.Length != 0 && (long)WritableBytes + PrependableBytes >= (long)count + CheapPrependSize)
        {
            // Enough room overall: slide the readable bytes back to the front instead of growing.
            Array.Copy(_array, _readIndex, _array, CheapPrependSize, readable);
        }
        else
        {
            long needed = (long)CheapPrependSize + readable + count;
            long doubled = Math.Max((long)_array.Length * 2, DefaultInitialSize + CheapPrependSize);
            long size = Math.Max(needed, Math.Min(doubled, Array.MaxLength));
            if (size > Array.MaxLength)
            {
                throw new InsufficientMemoryException($"ByteBuffer: {needed} bytes exceed the largest array.");
            }
            byte[] bigger = ArrayPool<byte>.Shared.Rent((int)size);
            new ReadOnlySpan<byte>(_array, _readIndex, readable).CopyTo(bigger.AsSpan(CheapPrependSize));
            ReturnArray();
            _array = bigger;
        }
        _readIndex = CheapPrependSize;
        _writeIndex = CheapPrependSize + readable;
    }
}
