using System;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Reactor;

// What the loop calls when the socket is ready: drain input into the message callback, flush queued output, close.
public sealed unsafe partial class TcpConnection
{
    private void HandleRead(long receiveTime)
    {
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected || !_reading)
        {
            return;
        }
        bool peerHungUp = _channel is not null && (_channel.ReceivedEvents & (EpollEvents.ReadHangUp | EpollEvents.HangUp)) != 0;
        while (true)
        {
            // An empty input buffer reads into the loop's cache-hot read array until the callback returns.
            bool lent = Loop.ReadArray.TryLendTo(_input);
            nint result;
            bool drained;
            try
            {
                result = _input.ReadFromDescriptor(_fd, out drained);
                if (result > 0)
                {
                    InvokeMessage(receiveTime);
                }
            }
            finally
            {
                if (lent)
                {
                    Loop.ReadArray.TakeBack();
                }
            }
            if (result > 0)
            {
                if (_input.ReadableBytes == 0 && _input.Capacity > LargeBuffer)
                {
                    _input.Shrink(0);
                }
                if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected || !_reading)
                {
                    return;
                }
                if (_output.ReadableBytes >= Callbacks.HighWaterMark && Callbacks.HighWaterMarkReached is not null)
                {
                    // Output piles up past the mark: yield, so that its queued callback may pause reading before
                    // more is read (a peer that writes on and never reads would otherwise be read without bound);
                    // the re-read queued behind it goes on if the callback did not pause.
                    Loop.QueueInLoop(s_startReading, this);
                    return;
                }
                // A short read emptied the socket; new data raises a new edge, so no EAGAIN round trip is needed.
                // After a hang-up, read on to see the end of stream.
                if (drained && !peerHungUp)
                {
                    return;
                }
            }
            else if (result == 0)
            {
                HandlePeerClosed();
                return;
            }
            else if (result == -Libc.EAGAIN)
            {
                return;
            }
            else
            {
                HandleClose();
                return;
            }
        }
    }

    private void HandlePeerClosed()
    {
        // The peer half-closed (or closed): what is queued still goes out, then the connection closes.
        _peerClosed = true;
        _reading = false;
        if (_output.ReadableBytes == 0)
        {
            HandleClose();
        }
        else if (!_blocked && !_flushPending)
        {
            // Held by a cork, which the close overrides: written when this dispatch returns, then the close follows.
            _flushPending = true;
            Loop.FlushWhenDispatchReturns(this);
        }
    }

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

    private void HandleError()
    {
        // SO_ERROR tells what happened and clears it; the connection is unusable either way.
        int error = 0;
        try
        {
            error = _socket.Options.PendingError;
        }
        catch (ErrnoException)
        {
        }
        if (error != 0)
        {
            HandleClose();
        }
    }

    private void HandleClose()
    {
        if (Volatile.Read(ref _state) == (int)TcpConnectionState.Disconnected)
        {
            return;
        }
        Loop.AssertInLoopThread();
        Volatile.Write(ref _state, (int)TcpConnectionState.Disconnected);
        // Out of epoll first: events still queued for this socket in the current batch are dropped.
        _channel?.Remove();
        InvokeConnection();
        try
        {
            CloseCallback?.Invoke(this);
        }
        catch (Exception error)
        {
            Loop.ReportError(error, this);
        }
        ReleaseResources();
    }

    private void ReleaseResources()
    {
        if (_handleAdded)
        {
            _handleAdded = false;
            _socket.Handle.DangerousRelease();
        }
        _socket.Dispose();
        _input.Dispose();
        _output.Dispose();
    }
}
