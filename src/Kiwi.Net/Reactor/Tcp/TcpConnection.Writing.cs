using System;
using System.Buffers;
using System.Text;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

// The output side: sends gathered while the loop dispatches and written once when the dispatch returns, the
// direct write for large sends, the queue while the socket is full, Flush and Cork.
public sealed unsafe partial class TcpConnection : IGatheringWriter
{
    /// <summary>
    /// Sends shorter than this (bytes) are gathered while the loop dispatches; longer ones are written at once,
    /// together with what was gathered before them, so their bytes are never copied.
    /// </summary>
    public const int GatherThreshold = 8 * 1024;

    /// <summary>Bytes gathered at most before they are written without waiting for the dispatch to return.</summary>
    public const int GatherLimit = 64 * 1024;

    private static readonly Action<object?> s_flush = static state => ((TcpConnection)state!).FlushInLoop();
    private static readonly Action<object?> s_cork = static state => ((TcpConnection)state!)._corked = true;
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
    /// <c>TCP_CORK</c>, for a reply built over several events. Held bytes count toward the high-water mark;
    /// <see cref="Shutdown"/> and the peer's close write them regardless, and bytes held behind a full socket's
    /// queue leave with that queue when the socket drains. From any thread, in order with sends.
    /// </summary>
    public void Cork()
    {
        if (Loop.IsInLoopThread)
        {
            _corked = true;
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

    internal void SendInLoop(ReadOnlySpan<byte> data)
    {
        Loop.AssertInLoopThread();
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected || data.IsEmpty)
        {
            return;
        }
        if (_blocked || _corked)
        {
            Hold(data);
        }
        else if (Loop.IsGathering && data.Length < GatherThreshold && _output.ReadableBytes + data.Length <= GatherLimit)
        {
            // Copied rather than written: the other answers of this dispatch join it in one send when it returns.
            _output.Append(data);
            if (!_flushPending)
            {
                _flushPending = true;
                Loop.FlushWhenDispatchReturns(this);
            }
        }
        else
        {
            WriteThrough(data);
        }
    }

    /// <summary>The loop's end of dispatch: writes what this connection gathered (<see cref="IGatheringWriter"/>).</summary>
    void IGatheringWriter.FlushGathered()
    {
        _flushPending = false;
        if (Volatile.Read(ref _state) != (int)TcpConnectionState.Disconnected && !_blocked && (!_corked || IsClosing))
        {
            WriteOutput(CountedBytes, closeNow: true);
        }
    }

    // Shutdown and the peer's close override the cork: what is held must go out before the connection ends.
    private bool IsClosing => _peerClosed || Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnecting;

    // The queued bytes that count toward the high-water mark: those the socket refused or the cork holds, not
    // those gathered for the end of this dispatch (the output holds one kind or the other, never both).
    private int CountedBytes => _blocked || _corked ? _output.ReadableBytes : 0;

    private void HandleWrite()
    {
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected || _output.ReadableBytes == 0 || (_corked && !_blocked && !IsClosing))
        {
            return;
        }
        // Also reached with bytes gathered by this event's read handler: they go out here, before the dispatch returns.
        int counted = CountedBytes;
        _blocked = false;
        WriteOutput(counted, closeNow: true);
    }

    private void FlushInLoop()
    {
        if (Volatile.Read(ref _state) != (int)TcpConnectionState.Disconnected && !_blocked)
        {
            WriteOutput(CountedBytes, closeNow: false);
        }
    }

    private void UncorkInLoop()
    {
        if (!_corked)
        {
            return;
        }
        int counted = CountedBytes;
        _corked = false;
        if (Volatile.Read(ref _state) != (int)TcpConnectionState.Disconnected && !_blocked)
        {
            WriteOutput(counted, closeNow: false);
        }
    }

    // Queues bytes behind a full socket or a cork; they count toward the high-water mark.
    private void Hold(ReadOnlySpan<byte> data)
    {
        int queued = _output.ReadableBytes;
        _output.Append(data);
        CheckHighWaterMark(queued, queued + data.Length);
    }

    /// <summary>Writes the gathered output and <paramref name="data"/> with one system call; queues what the socket does not take.</summary>
    private void WriteThrough(ReadOnlySpan<byte> data)
    {
        int gathered = _output.ReadableBytes;
        nint result = WriteToSocket(_output.ReadableSpan, data, out int sent);
        if (result < 0 && result != -Libc.EAGAIN)
        {
            // EPIPE, ECONNRESET...: the connection is gone; close it on the loop, after the current handler.
            _output.RetrieveAll();
            Loop.QueueInLoop(s_forceClose, this);
            return;
        }
        int fromOutput = Math.Min(sent, gathered);
        _output.Retrieve(fromOutput);
        int fromData = sent - fromOutput;
        if (fromData == data.Length)
        {
            OutputDrained(closeNow: false);
            return;
        }
        // The socket is full: the edge-triggered EPOLLOUT registered at the start fires when it drains.
        _output.Append(data[fromData..]);
        _blocked = true;
        CheckHighWaterMark(0, _output.ReadableBytes);
    }

    /// <summary>
    /// Writes <see cref="OutputBuffer"/> with one <c>send</c> (looping only on a partial write); <paramref name="counted"/>
    /// of its bytes already counted toward the high-water mark. <paramref name="closeNow"/>: no user callback is on
    /// the stack, so a dead socket is closed here rather than after the current handler.
    /// </summary>
    private void WriteOutput(int counted, bool closeNow)
    {
        if (_output.ReadableBytes == 0)
        {
            return;
        }
        nint result = WriteToSocket(default, _output.ReadableSpan, out int sent);
        _output.Retrieve(sent);
        if (result < 0 && result != -Libc.EAGAIN)
        {
            _output.RetrieveAll();
            CloseNowOrAfterHandler(closeNow);
            return;
        }
        if (_output.ReadableBytes == 0)
        {
            OutputDrained(closeNow);
            return;
        }
        _blocked = true;
        CheckHighWaterMark(counted, _output.ReadableBytes);
    }

    // closeNow: no user callback is on the stack; otherwise the close waits until the current handler has returned.
    private void CloseNowOrAfterHandler(bool closeNow)
    {
        if (closeNow)
        {
            HandleClose();
        }
        else
        {
            Loop.QueueInLoop(s_forceClose, this);
        }
    }

    // Everything is in the kernel: tell the user, give back a grown buffer, and finish a pending half-close or close.
    private void OutputDrained(bool closeNow)
    {
        _blocked = false;
        if (_output.Capacity > LargeBuffer)
        {
            // A burst grew the queue: give the memory back rather than hold it for an idle connection.
            _output.Shrink(0);
        }
        if (Callbacks.WriteComplete is not null)
        {
            Loop.QueueInLoop(s_writeComplete, this);
        }
        if (_peerClosed)
        {
            CloseNowOrAfterHandler(closeNow);
        }
        else if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnecting)
        {
            ShutdownInLoop();
        }
    }

    private void CheckHighWaterMark(int before, int after)
    {
        int mark = Callbacks.HighWaterMark;
        if (before < mark && after >= mark && Callbacks.HighWaterMarkReached is { } highWater)
        {
            QueueHighWaterMark(highWater, after);
        }
    }

    // The closure lives in its own method: captured in a caller it was allocated on every call (40 bytes per message).
    private void QueueHighWaterMark(Action<TcpConnection, int> highWater, int total) =>
        Loop.QueueInLoop(() => InvokeHighWaterMark(highWater, total));

    /// <summary>
    /// Writes <paramref name="first"/> then <paramref name="second"/> until both are sent or the socket is full:
    /// <c>sendmsg</c> with two vectors while both have bytes left, <c>send</c> for one (MSG_NOSIGNAL, through
    /// <see cref="SystemCalls"/>, which retries EINTR). Returns -EAGAIN, -errno, or the last count; <paramref name="sent"/> counts both.
    /// </summary>
    private nint WriteToSocket(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, out int sent)
    {
        sent = 0;
        int total = first.Length + second.Length;
        iovec* vectors = stackalloc iovec[2];
        fixed (byte* a = first)
        fixed (byte* b = second)
        {
            while (sent < total)
            {
                nint result;
                if (sent < first.Length)
                {
                    vectors[0].iov_base = a + sent;
                    vectors[0].iov_len = (nuint)(first.Length - sent);
                    vectors[1].iov_base = b;
                    vectors[1].iov_len = (nuint)second.Length;
                    msghdr message = default;
                    message.msg_iov = vectors;
                    message.msg_iovlen = second.IsEmpty ? 1u : 2u;
                    result = SystemCalls.SendMsg(_fd, &message, Libc.MSG_NOSIGNAL);
                }
                else
                {
                    int offset = sent - first.Length;
                    result = SystemCalls.Send(_fd, b + offset, (nuint)(second.Length - offset), Libc.MSG_NOSIGNAL);
                }
                _writeSystemCalls++;
                if (result < 0)
                {
                    return result;
                }
                sent += (int)result;
            }
        }
        return sent;
    }

    private void ShutdownInLoop()
    {
        Loop.AssertInLoopThread();
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected)
        {
            return;
        }
        if (_output.ReadableBytes != 0)
        {
            // Gathered or corked bytes go out first (a drained output calls back here); behind a full socket,
            // HandleWrite calls back here once it has drained.
            if (!_blocked)
            {
                WriteOutput(CountedBytes, closeNow: false);
            }
            return;
        }
        try
        {
            _socket.Shutdown(ShutdownHow.Write);
        }
        catch (ErrnoException)
        {
            // ENOTCONN: the peer is already gone; the close arrives as an event.
        }
    }

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
