using System;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

// The loop-thread halves of the public calls: sending (straight to the socket when nothing is queued), half-closing, closing, resuming reads.
public sealed unsafe partial class TcpConnection
{
    internal void SendInLoop(ReadOnlySpan<byte> data)
    {
        Loop.AssertInLoopThread();
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected)
        {
            return;
        }
        int sent = 0;
        if (_output.ReadableBytes == 0 && data.Length != 0)
        {
            nint result = SendRaw(data, out sent);
            if (result < 0 && result != -Libc.EAGAIN)
            {
                // EPIPE, ECONNRESET...: the connection is gone; close it on the loop, after the current handler.
                Loop.QueueInLoop(s_forceClose, this);
                return;
            }
            if (sent == data.Length)
            {
                if (Callbacks.WriteComplete is not null)
                {
                    Loop.QueueInLoop(s_writeComplete, this);
                }
                return;
            }
        }
        int remaining = data.Length - sent;
        int queued = _output.ReadableBytes;
        int mark = Callbacks.HighWaterMark;
        if (queued < mark && queued + (long)remaining >= mark && Callbacks.HighWaterMarkReached is { } highWater)
        {
            QueueHighWaterMark(highWater, queued + remaining);
        }
        // The socket is full (EAGAIN seen): the edge-triggered EPOLLOUT registered at the start will fire when it drains.
        _output.Append(data[sent..]);
    }

    // The closure lives in its own method: captured in SendInLoop it was allocated on every call (40 bytes per message).
    private void QueueHighWaterMark(Action<TcpConnection, int> highWater, int total) =>
        Loop.QueueInLoop(() => InvokeHighWaterMark(highWater, total));

    /// <summary>Writes until everything is sent or the socket is full; -EAGAIN, -errno, or the last count.</summary>
    private nint SendRaw(ReadOnlySpan<byte> data, out int sent)
    {
        sent = 0;
        fixed (byte* start = data)
        {
            while (sent < data.Length)
            {
                nint result = SystemCalls.Send(_fd, start + sent, (nuint)(data.Length - sent), Libc.MSG_NOSIGNAL);
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
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected || _output.ReadableBytes != 0)
        {
            // Not yet: HandleWrite calls back here once the output has drained.
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

    /// <summary>Closes now, on the loop thread, whatever the state (also before establishment).</summary>
    internal void CloseInLoop()
    {
        Loop.AssertInLoopThread();
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Connecting)
        {
            // Never registered: nothing to tell the user, only the socket to release.
            Volatile.Write(ref _state, (int)TcpConnectionState.Disconnected);
            CloseCallback?.Invoke(this);
            ReleaseResources();
            return;
        }
        HandleClose();
    }

    private void ForceCloseInLoop()
    {
        if (Volatile.Read(ref _state) != (int)TcpConnectionState.Disconnected)
        {
            HandleClose();
        }
    }

    private void StartReadingInLoop()
    {
        if (Volatile.Read(ref _state) is (int)TcpConnectionState.Connected or (int)TcpConnectionState.Disconnecting && !_peerClosed)
        {
            // Edges that came while paused are gone: read what is there now.
            HandleRead(MonotonicClock.NowNanoseconds);
        }
    }
}
