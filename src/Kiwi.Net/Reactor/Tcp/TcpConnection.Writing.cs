using System;
using System.Buffers;
using System.Text;
using System.Threading;

namespace Kiwi.Net.Reactor;

// The sending API: Send from any thread, Flush, Cork/Uncork and the write count (the loop side is TcpConnection.Output.cs).
public sealed unsafe partial class TcpConnection
{
    /// <summary>
    /// Sends shorter than this (bytes) are gathered while the loop dispatches; longer ones are written at once,
    /// together with what was gathered before them, so their bytes are never copied.
    /// </summary>
    public const int GatherThreshold = 8 * 1024;

    /// <summary>Bytes gathered at most before they are written without waiting for the dispatch to return.</summary>
    public const int GatherLimit = 64 * 1024;

    private static readonly Action<object?> s_flush = static state => ((TcpConnection)state!).FlushInLoop();
    private static readonly Action<object?> s_cork = static state => ((TcpConnection)state!).CorkInLoop();
    private static readonly Action<object?> s_uncork = static state => ((TcpConnection)state!).UncorkInLoop();

    // The socket was full (EAGAIN or a short write): the edge-triggered EPOLLOUT will come and HandleWrite drains _output.
    private bool _blocked;
    private bool _corked;
    // Registered with the loop to be flushed when the current dispatch returns.
    private bool _flushPending;
    private long _writeSystemCalls;

    /// <summary>
    /// Sends <paramref name="data"/>, from any thread, in order. On the loop thread while it dispatches (this or
    /// any connection's callbacks, a timer, a queued call) a send shorter than <see cref="GatherThreshold"/> is
    /// copied to <see cref="OutputBuffer"/> and everything gathered during that dispatch is written with one
    /// <c>send</c> when it returns; a longer one is written at once (<c>send</c>, or <c>sendmsg</c> with what was
    /// gathered before it, MSG_NOSIGNAL, through the shim). Outside a dispatch the bytes are written at once.
    /// What the socket does not take is queued and written when it becomes writable. From another thread the
    /// bytes are copied and sent on the loop, after everything this thread sent before. Ignored unless the
    /// connection is connected.
    /// </summary>
    public void Send(ReadOnlySpan<byte> data)
    {
        if (State != TcpConnectionState.Connected)
        {
            return;
        }
        if (Loop.IsInLoopThread)
        {
            SendInLoop(data);
        }
        else
        {
            Loop.QueueInLoop(s_sendQueued, new QueuedSend(this, data));
        }
    }

    /// <summary>Sends <paramref name="text"/> encoded as UTF-8, like <see cref="Send(ReadOnlySpan{byte})"/>.</summary>
    public void Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 1024)
        {
            Span<byte> bytes = stackalloc byte[max];
            Send(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
            return;
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            Send(rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Sends every readable byte of <paramref name="buffer"/> and consumes them, like <see cref="Send(ReadOnlySpan{byte})"/>.</summary>
    public void Send(ByteBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Send(buffer.ReadableSpan);
        buffer.RetrieveAll();
    }

    /// <summary>
    /// Writes what is gathered or corked in <see cref="OutputBuffer"/> now, with one <c>send</c>, rather than when
    /// the current dispatch returns or at <see cref="Uncork"/>; the cork stays. Nothing happens while the socket
    /// is full (its queue goes out when it becomes writable). From any thread (queued to the loop, after the
    /// sends this thread made before).
    /// </summary>
    public void Flush()
    {
        if (State is TcpConnectionState.Connected or TcpConnectionState.Disconnecting)
        {
            if (Loop.IsInLoopThread)
            {
                FlushInLoop();
            }
            else
            {
                Loop.QueueInLoop(s_flush, this);
            }
        }
    }

    /// <summary>
    /// Holds every later send in <see cref="OutputBuffer"/>, whatever its size and across dispatches, until
    /// <see cref="Uncork"/> (or <see cref="Flush"/>) writes them with one <c>send</c>; user space's
    /// <c>TCP_CORK</c>, for a reply built over several events. What this dispatch gathered before the cork is written
    /// first. Held bytes count toward the high-water mark;
    /// <see cref="Shutdown"/> and the peer's close write them regardless, and bytes held behind a full socket's
    /// queue leave with that queue when the socket drains. From any thread, in order with sends.
    /// </summary>
    public void Cork()
    {
        if (Loop.IsInLoopThread)
        {
            CorkInLoop();
        }
        else
        {
            Loop.QueueInLoop(s_cork, this);
        }
    }

    /// <summary>Ends <see cref="Cork"/> and writes what it held. From any thread, in order with sends.</summary>
    public void Uncork()
    {
        if (Loop.IsInLoopThread)
        {
            UncorkInLoop();
        }
        else
        {
            Loop.QueueInLoop(s_uncork, this);
        }
    }

    /// <summary>True between <see cref="Cork"/> and <see cref="Uncork"/> (as seen by the loop thread).</summary>
    public bool IsCorked => Volatile.Read(ref _corked);

    /// <summary>
    /// The number of write system calls (<c>send</c>, <c>sendmsg</c>) this connection has made, the one that met
    /// EAGAIN included: what write gathering saves, for tests and diagnostics. Written on the loop thread.
    /// </summary>
    public long WriteSystemCalls => Volatile.Read(ref _writeSystemCalls);

    /// <summary>Bytes sent from another thread: copied into pooled memory, sent and returned on the loop.</summary>
    private sealed class QueuedSend
    {
        private readonly TcpConnection _connection;
        private readonly byte[] _bytes;
        private readonly int _length;

        public QueuedSend(TcpConnection connection, ReadOnlySpan<byte> data)
        {
            _connection = connection;
            _length = data.Length;
            _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
            data.CopyTo(_bytes);
        }

        public void Run()
        {
            try
            {
                _connection.SendInLoop(new ReadOnlySpan<byte>(_bytes, 0, _length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(_bytes);
            }
        }
    }
}
