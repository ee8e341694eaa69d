using System;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

// The loop side of the output: gathering during a dispatch and its flush, the direct write of large sends, the queue
// behind a full socket, the cork, the high-water mark and write-complete, and the half-close after the output.
public sealed unsafe partial class TcpConnection : IGatheringWriter
{
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

    private void FlushInLoop()
    {
        if (Volatile.Read(ref _state) != (int)TcpConnectionState.Disconnected && !_blocked)
        {
            WriteOutput(CountedBytes, closeNow: false);
        }
    }

    private void CorkInLoop()
    {
        if (_corked || Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected)
        {
            return;
        }
        // Bytes gathered before the cork are not the cork's to hold: they leave now, so the output never mixes the two.
        if (!_blocked && _output.ReadableBytes != 0)
        {
            WriteOutput(0, closeNow: false);
        }
        _corked = true;
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
}
