using System;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

// The loop-thread halves of the public calls: closing, resuming reads (sending and half-closing are in TcpConnection.Output.cs).
public sealed unsafe partial class TcpConnection
{
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
