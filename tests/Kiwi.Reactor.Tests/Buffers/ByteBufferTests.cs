using System;
using System.Linq;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

public class ByteBufferTests
{
    [Fact]
    public void NewBufferIsEmptyAndRentsNothingUntilWritten()
    {
        using var buffer = new ByteBuffer();
        Assert.Equal(0, buffer.ReadableBytes);
        Assert.Equal(0, buffer.Capacity);
        buffer.Append("abc"u8);
        Assert.True(buffer.Capacity >= ByteBuffer.DefaultInitialSize);
        Assert.Equal(ByteBuffer.CheapPrependSize, buffer.PrependableBytes);
        Assert.Equal("abc", buffer.RetrieveAllAsString());
    }

    [Fact]
    public void AppendRetrieveKeepsIndicesConsistent()
    {
        using var buffer = new ByteBuffer(1024);
        int capacity = buffer.Capacity;
        buffer.Append(new byte[200]);
        Assert.Equal(200, buffer.ReadableBytes);
        Assert.Equal(capacity - ByteBuffer.CheapPrependSize - 200, buffer.WritableBytes);
        buffer.Retrieve(50);
        Assert.Equal(150, buffer.ReadableBytes);
        Assert.Equal(ByteBuffer.CheapPrependSize + 50, buffer.PrependableBytes);
        buffer.Retrieve(150);
        Assert.Equal(0, buffer.ReadableBytes);
        Assert.Equal(ByteBuffer.CheapPrependSize, buffer.PrependableBytes);
    }

    [Fact]
    public void GrowsAndKeepsEveryByte()
    {
        using var buffer = new ByteBuffer(16);
        byte[] data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        for (int offset = 0; offset < data.Length; offset += 333)
        {
            buffer.Append(data.AsSpan(offset, Math.Min(333, data.Length - offset)));
        }
        Assert.Equal(data, buffer.ReadableSpan.ToArray());
    }

    [Fact]
    public void CompactsInsteadOfGrowingWhenThereIsRoomInFront()
    {
        using var buffer = new ByteBuffer(1024);
        int capacity = buffer.Capacity;
        buffer.Append(new byte[capacity - ByteBuffer.CheapPrependSize - 10]);
        buffer.Retrieve(500);
        buffer.Append(Enumerable.Repeat((byte)9, 400).ToArray());
        Assert.Equal(capacity, buffer.Capacity);
        Assert.Equal(ByteBuffer.CheapPrependSize, buffer.PrependableBytes);
        Assert.Equal(capacity - ByteBuffer.CheapPrependSize - 10 - 500 + 400, buffer.ReadableBytes);
        Assert.Equal(9, buffer.ReadableSpan[^1]);
    }

    [Fact]
    public void NetworkOrderIntegersRoundTrip()
    {
        using var buffer = new ByteBuffer();
        buffer.AppendInt64(0x0102030405060708);
        buffer.AppendInt32(-2);
        buffer.AppendInt16(0x0A0B);
        buffer.AppendByte(0xFF);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 0xFF, 0xFF, 0xFF, 0xFE, 0x0A, 0x0B, 0xFF }, buffer.ReadableSpan.ToArray());
        Assert.Equal(0x0102030405060708, buffer.PeekInt64());
        Assert.Equal(15, buffer.ReadableBytes);
        Assert.Equal(0x0102030405060708, buffer.ReadInt64());
        Assert.Equal(-2, buffer.ReadInt32());
        Assert.Equal(0x0A0B, buffer.ReadInt16());
        Assert.Equal(0xFF, buffer.ReadByte());
        Assert.Equal(0, buffer.ReadableBytes);
    }

    [Fact]
    public void PeekWithTooFewBytesThrowsAndConsumesNothing()
    {
        using var buffer = new ByteBuffer();
        buffer.AppendInt16(7);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.PeekInt32());
        Assert.Contains("PeekInt32", error.Message);
        Assert.Equal(2, buffer.ReadableBytes);
    }

    [Fact]
    public void UnsignedAndOffsetPeeksReadWithoutConsuming()
    {
        using var buffer = new ByteBuffer();
        buffer.AppendUInt16(0xFFFE);
        buffer.AppendUInt32(0xFFFFFFF0);
        buffer.AppendUInt64(ulong.MaxValue - 1);
        buffer.AppendByte(0x80);

        Assert.Equal(0xFFFE, buffer.PeekUInt16());
        Assert.Equal(0xFFFFFFF0u, buffer.PeekUInt32(offset: 2));
        Assert.Equal(ulong.MaxValue - 1, buffer.PeekUInt64(offset: 6));
        Assert.Equal(0x80, buffer.PeekByte(offset: 14));
        Assert.Equal(-2, buffer.PeekInt16());
        Assert.Equal(-16, buffer.PeekInt32(offset: 2));
        Assert.Equal(15, buffer.ReadableBytes);

        Assert.Equal(0xFFFE, buffer.ReadUInt16());
        Assert.Equal(0xFFFFFFF0u, buffer.ReadUInt32());
        Assert.Equal(ulong.MaxValue - 1, buffer.ReadUInt64());
        Assert.Equal(0x80, buffer.ReadByte());
    }

    [Fact]
    public void EveryShortReadIsTheSameExceptionType()
    {
        using var buffer = new ByteBuffer();
        buffer.Append("abc"u8);

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Retrieve(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.PeekUInt32());
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.PeekUInt16(offset: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.PeekByte(offset: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.PeekByte(offset: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.ReadUInt64());
        Assert.Equal(3, buffer.ReadableBytes);
    }

    [Fact]
    public void PrependWritesALengthHeaderWithoutCopying()
    {
        using var buffer = new ByteBuffer();
        buffer.Append("hello"u8);
        buffer.PrependInt32(5);
        Assert.Equal(ByteBuffer.CheapPrependSize - 4, buffer.PrependableBytes);
        Assert.Equal(5, buffer.ReadInt32());
        Assert.Equal("hello", buffer.RetrieveAllAsString());
        buffer.Append("x"u8);
        buffer.PrependInt64(1);
        Assert.Throws<InvalidOperationException>(() => buffer.PrependByte(1));
    }

    [Fact]
    public void FindsCrlfAndEol()
    {
        using var buffer = new ByteBuffer();
        buffer.AppendUtf8("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(14, buffer.IndexOfCrlf());
        Assert.Equal(23, buffer.IndexOfCrlf(16));
        Assert.Equal(15, buffer.IndexOfEol());
        buffer.Retrieve(16);
        Assert.Equal(7, buffer.IndexOfCrlf());
        buffer.RetrieveAll();
        buffer.Append("no line end"u8);
        Assert.Equal(-1, buffer.IndexOfCrlf());
        Assert.Equal(-1, buffer.IndexOfEol());
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.IndexOfCrlf(100));
    }

    [Fact]
    public void BufferWriterInterfaceCommitsWhatWasWritten()
    {
        using var buffer = new ByteBuffer();
        Span<byte> span = buffer.GetSpan(3);
        "xyz"u8.CopyTo(span);
        buffer.Advance(3);
        buffer.Unwrite(1);
        Assert.Equal("xy", buffer.RetrieveAllAsString());
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(buffer.WritableBytes + 1));
    }

    [Fact]
    public void ShrinkGivesMemoryBackAndKeepsData()
    {
        using var buffer = new ByteBuffer();
        buffer.Append(new byte[100_000]);
        buffer.Retrieve(99_990);
        Assert.True(buffer.Capacity >= 100_000);
        buffer.Shrink(16);
        Assert.True(buffer.Capacity < 1000, $"capacity {buffer.Capacity}");
        Assert.Equal(10, buffer.ReadableBytes);
        buffer.RetrieveAll();
        buffer.Shrink();
        Assert.Equal(0, buffer.Capacity);
        buffer.Append("again"u8);
        Assert.Equal("again", buffer.RetrieveAllAsString());
    }

    [Fact]
    public void ReadCopiesOutAndConsumes()
    {
        using var buffer = new ByteBuffer();
        buffer.Append("abcdef"u8);
        Span<byte> target = stackalloc byte[4];
        Assert.Equal(4, buffer.Read(target));
        Assert.True(target.SequenceEqual("abcd"u8));
        Assert.Equal(2, buffer.Read(target));
        Assert.Equal(0, buffer.ReadableBytes);
    }

    [Fact]
    public void BadArgumentsAreClearExceptions()
    {
        using var buffer = new ByteBuffer();
        buffer.Append("ab"u8);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Retrieve(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Retrieve(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Unwrite(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteBuffer(-1));
        Assert.Equal(2, buffer.ReadableBytes);
    }

    [Fact]
    public void DisposedBufferRefusesToGrow()
    {
        var buffer = new ByteBuffer(64);
        buffer.Dispose();
        Assert.Equal(0, buffer.Capacity);
        Assert.Throws<ObjectDisposedException>(() => buffer.Append("x"u8));
        buffer.Dispose();
    }

    [Fact]
    public void SteadyStateAppendRetrieveAllocatesNothing()
    {
        using var buffer = new ByteBuffer();
        byte[] message = new byte[512];
        for (int i = 0; i < 100; i++)
        {
            buffer.Append(message);
            buffer.AppendInt32(i);
            buffer.Retrieve(buffer.ReadableBytes);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            buffer.Append(message);
            buffer.PrependInt32(message.Length);
            buffer.ReadInt32();
            buffer.Retrieve(buffer.ReadableBytes);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
