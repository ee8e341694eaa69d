using System;
using System.Buffers.Binary;

namespace Kiwi.Net.Reactor;

// Integers in network byte order (big-endian): append at the end, peek/read at the front, prepend before it.
public sealed partial class ByteBuffer
{
    /// <summary>Appends <paramref name="value"/> as 8 bytes in network byte order.</summary>
    public void AppendInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(GetSpan(sizeof(long)), value);
        _writeIndex += sizeof(long);
    }

    /// <summary>Appends <paramref name="value"/> as 4 bytes in network byte order.</summary>
    public void AppendInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(GetSpan(sizeof(int)), value);
        _writeIndex += sizeof(int);
    }

    /// <summary>Appends <paramref name="value"/> as 2 bytes in network byte order.</summary>
    public void AppendInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(GetSpan(sizeof(short)), value);
        _writeIndex += sizeof(short);
    }

    /// <summary>Appends one byte.</summary>
    public void AppendByte(byte value)
    {
        GetSpan(1)[0] = value;
        _writeIndex++;
    }

    /// <summary>Reads the first 8 readable bytes as a network-order integer without consuming them.</summary>
    /// <exception cref="InvalidOperationException">Fewer than 8 bytes are readable.</exception>
    public long PeekInt64() => BinaryPrimitives.ReadInt64BigEndian(Front(sizeof(long), nameof(PeekInt64)));

    /// <summary>Reads the first 4 readable bytes as a network-order integer without consuming them.</summary>
    /// <exception cref="InvalidOperationException">Fewer than 4 bytes are readable.</exception>
    public int PeekInt32() => BinaryPrimitives.ReadInt32BigEndian(Front(sizeof(int), nameof(PeekInt32)));

    /// <summary>Reads the first 2 readable bytes as a network-order integer without consuming them.</summary>
    /// <exception cref="InvalidOperationException">Fewer than 2 bytes are readable.</exception>
    public short PeekInt16() => BinaryPrimitives.ReadInt16BigEndian(Front(sizeof(short), nameof(PeekInt16)));

    /// <summary>Returns the first readable byte without consuming it.</summary>
    /// <exception cref="InvalidOperationException">No byte is readable.</exception>
    public byte PeekByte() => Front(1, nameof(PeekByte))[0];

    /// <summary>Reads and consumes 8 bytes as a network-order integer.</summary>
    public long ReadInt64()
    {
        long value = PeekInt64();
        Retrieve(sizeof(long));
        return value;
    }

    /// <summary>Reads and consumes 4 bytes as a network-order integer.</summary>
    public int ReadInt32()
    {
        int value = PeekInt32();
        Retrieve(sizeof(int));
        return value;
    }

    /// <summary>Reads and consumes 2 bytes as a network-order integer.</summary>
    public short ReadInt16()
    {
        short value = PeekInt16();
        Retrieve(sizeof(short));
        return value;
    }

    /// <summary>Reads and consumes one byte.</summary>
    public byte ReadByte()
    {
        byte value = PeekByte();
        Retrieve(1);
        return value;
    }

    /// <summary>Writes <paramref name="value"/> in network byte order just in front of the readable bytes.</summary>
    public void PrependInt64(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        Prepend(bytes);
    }

    /// <summary>Writes <paramref name="value"/> in network byte order just in front of the readable bytes.</summary>
    public void PrependInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        Prepend(bytes);
    }

    /// <summary>Writes <paramref name="value"/> in network byte order just in front of the readable bytes.</summary>
    public void PrependInt16(short value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(short)];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        Prepend(bytes);
    }

    /// <summary>Writes one byte just in front of the readable bytes.</summary>
    public void PrependByte(byte value)
    {
        Span<byte> bytes = stackalloc byte[1] { value };
        Prepend(bytes);
    }

    private ReadOnlySpan<byte> Front(int count, string caller)
    {
        if (ReadableBytes < count)
        {
            throw new InvalidOperationException($"{caller}: needs {count} readable bytes, {ReadableBytes} are readable.");
        }
        return new ReadOnlySpan<byte>(_array, _readIndex, count);
    }
}
