using System;
using Kiwi.Net.Reactor;

namespace Kiwi.Examples.Chat;

/// <summary>
/// Frames messages on a byte stream: a 4-byte length in network byte order, then that many bytes. Decoding
/// peeks the length with <see cref="ByteBuffer.PeekInt32"/> and waits until the whole frame is in the buffer, so
/// any fragmentation by TCP is undone; encoding appends the bytes and prepends the length into the buffer's cheap
/// prepend area (<see cref="ByteBuffer.PrependInt32"/>), without a copy.
/// </summary>
public sealed class LengthHeaderCodec
{
    /// <summary>Bytes of the length header.</summary>
    public const int HeaderLength = sizeof(int);

    /// <summary>The longest message accepted by default.</summary>
    public const int DefaultMaxMessageLength = 64 * 1024;

    private readonly FrameCallback _onMessage;

    /// <summary>Creates a codec that hands every decoded message to <paramref name="onMessage"/>.</summary>
    public LengthHeaderCodec(FrameCallback onMessage, int maxMessageLength = DefaultMaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessageLength);
        _onMessage = onMessage;
        MaxMessageLength = maxMessageLength;
    }

    /// <summary>A length above this (or negative) is a protocol error: the connection is closed.</summary>
    public int MaxMessageLength { get; }

    /// <summary>
    /// The connection's message callback: decodes every complete frame in <paramref name="buffer"/> and leaves a
    /// partial one for the next call. Loop thread.
    /// </summary>
    public void OnMessage(TcpConnection connection, ByteBuffer buffer, long receiveTime)
    {
        while (buffer.ReadableBytes >= HeaderLength)
        {
            int length = buffer.PeekInt32();
            if ((uint)length > (uint)MaxMessageLength)
            {
                Console.Error.WriteLine($"{connection.Name}: invalid message length {length}; closing");
                buffer.RetrieveAll();
                connection.ForceClose();
                return;
            }
            if (buffer.ReadableBytes < HeaderLength + length)
            {
                return;
            }
            buffer.Retrieve(HeaderLength);
            _onMessage(connection, buffer.ReadableSpan[..length]);
            buffer.Retrieve(length);
        }
    }

    /// <summary>Replaces the contents of <paramref name="frame"/> with <paramref name="message"/> framed by its length.</summary>
    public static void Encode(ReadOnlySpan<byte> message, ByteBuffer frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.RetrieveAll();
        frame.Append(message);
        frame.PrependInt32(message.Length);
    }
}
