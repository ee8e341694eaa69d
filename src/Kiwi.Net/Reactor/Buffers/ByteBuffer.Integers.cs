using System;
using System.Buffers.Binary;

namespace Kiwi.Net.Reactor;

// Integers in network byte order (big-endian), signed and unsigned: append at the end, peek (at an offset) and read at
// the front, prepend before it. Too few readable bytes is always ArgumentOutOfRangeException, as for Retrieve.
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

    /// <summary>Appends <paramref name="value"/> as 8 bytes in network byte order.</summary>
    public void AppendUInt64(ulong value) => AppendInt64((long)value);

    /// <summary>Appends <paramref name="value"/> as 4 bytes in network byte order.</summary>
    public void AppendUInt32(uint value) => AppendInt32((int)value);

    /// <summary>Appends <paramref name="value"/> as 2 bytes in network byte order.</summary>
    public void AppendUInt16(ushort value) => AppendInt16((short)value);

    /// <summary>Appends one byte.</summary>
    public void AppendByte(byte value)
    {
        GetSpan(1)[0] = value;
        _writeIndex++;
    }

    /// <summary>Reads 8 readable bytes at <paramref name="offset"/> as a network-order integer without consuming them.</summary>
    /// <param name="offset">Bytes past the first readable byte.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="offset"/> + 8 bytes are readable.</exception>
    public long PeekInt64(int offset = 0) => BinaryPrimitives.ReadInt64BigEndian(Front(sizeof(long), offset, nameof(PeekInt64)));

    /// <summary>Reads 4 readable bytes at <paramref name="offset"/> as a network-order integer without consuming them.</summary>
    /// <param name="offset">Bytes past the first readable byte.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="offset"/> + 4 bytes are readable.</exception>
    public int PeekInt32(int offset = 0) => BinaryPrimitives.ReadInt32BigEndian(Front(sizeof(int), offset, nameof(PeekInt32)));

    /// <summary>Reads 2 readable bytes at <paramref name="offset"/> as a network-order integer without consuming them.</summary>
    /// <param name="offset">Bytes past the first readable byte.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="offset"/> + 2 bytes are readable.</exception>
    public short PeekInt16(int offset = 0) => BinaryPrimitives.ReadInt16BigEndian(Front(sizeof(short), offset, nameof(PeekInt16)));

    /// <summary>Reads 8 readable bytes at <paramref name="offset"/> as an unsigned network-order integer without consuming them.</summary>
    /// <param name="offset">Bytes past the first readable byte.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="offset"/> + 8 bytes are readable.</exception>
    public ulong PeekUInt64(int offset = 0) => BinaryPrimitives.ReadUInt64BigEndian(Front(sizeof(ulong), offset, nameof(PeekUInt64)));

    /// <summary>Reads 4 readable bytes at <paramref name="offset"/> as an unsigned network-order integer without consuming them.</summary>
    /// <param name="offset">Bytes past the first readable byte.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="offset"/> + 4 bytes are readable.</exception>
    public uint PeekUInt32(int offset = 0) => BinaryPrimitives.ReadUInt32BigEndian(Front(sizeof(uint), offset, nameof(PeekUInt32)));

    /// <summary>Reads 2 readable bytes at <paramref name="offset"/> as an unsigned network-order integer without consuming them.</summary>
    /// <param name="offset">Bytes past the first readable byte.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="offset"/> + 2 bytes are readable.</exception>
    public ushort PeekUInt16(int offset = 0) => BinaryPrimitives.ReadUInt16BigEndian(Front(sizeof(ushort), offset, nameof(PeekUInt16)));

    /// <summary>Returns the readable byte at <paramref name="offset"/> without consuming it.</summary>
    /// <param name="offset">Bytes past the first readable byte.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than <paramref name="offset"/> + 1 bytes are readable.</exception>
    public byte PeekByte(int offset = 0) => Front(1, offset, nameof(PeekByte))[0];

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

    /// <summary>Reads and consumes 8 bytes as an unsigned network-order integer.</summary>
    public ulong ReadUInt64()
    {
        ulong value = PeekUInt64();
        Retrieve(sizeof(ulong));
        return value;
    }

    /// <summary>Reads and consumes 4 bytes as an unsigned network-order integer.</summary>
    public uint ReadUInt32()
    {
        uint value = PeekUInt32();
        Retrieve(sizeof(uint));
        return value;
    }

    /// <summary>Reads and consumes 2 bytes as an unsigned network-order integer.</summary>
    public ushort ReadUInt16()
    {
        ushort value = PeekUInt16();
        Retrieve(sizeof(ushort));
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

    // The one "not enough readable bytes" error of the buffer, as Retrieve's: ArgumentOutOfRangeException.
    private ReadOnlySpan<byte> Front(int count, int offset, string caller)
    {
        if (offset < 0 || ReadableBytes - offset < count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                $"{caller}: needs {count} readable bytes at offset {offset}, {ReadableBytes} are readable.");
        }
        return new ReadOnlySpan<byte>(_array, _readIndex + offset, count);
    }
}
