using System;
using Kiwi.Net;

namespace Kiwi.Examples.SignalDrivenEcho;

/// <summary>
/// One client: its non-blocking socket and the echoed bytes the socket could not take yet. Used only on the
/// signal thread, which owns it and closes it, so the calls go straight to the descriptor (<see cref="RawDescriptor"/>).
/// </summary>
internal sealed class SignalEchoConnection : IDisposable
{
    private byte[] _pending = new byte[4096];
    private int _pendingStart;
    private int _pendingCount;
    private bool _inputClosed;

    public SignalEchoConnection(LinuxSocket socket)
    {
        Socket = socket;
        Descriptor = socket.Handle.DangerousGetDescriptor();
    }

    /// <summary>The connected socket.</summary>
    public LinuxSocket Socket { get; }

    /// <summary>Its descriptor number, read once.</summary>
    public int Descriptor { get; }

    /// <summary>Does what a readiness report allows: flush what is pending, then read and echo until <c>EAGAIN</c>.
    /// While output is stuck it stops reading (TCP flow control then slows the client); the <c>POLL_OUT</c> signal
    /// that comes when the socket has room again resumes it.</summary>
    /// <returns>False when the connection is finished (peer done and answered, or broken): close it.</returns>
    public bool Pump(Span<byte> scratch)
    {
        while (true)
        {
            if (!Flush(out bool failed))
            {
                return !failed;
            }
            if (_inputClosed)
            {
                return false;
            }
            nint n = RawDescriptor.Receive(Descriptor, scratch);
            if (n > 0)
            {
                Queue(scratch[..(int)n]);
            }
            else if (n == 0)
            {
                _inputClosed = true;
            }
            else
            {
                return RawDescriptor.IsWouldBlock(n);
            }
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => Socket.Dispose();

    /// <summary>Sends pending bytes; true when none are left, false when the socket is full or broke.</summary>
    private bool Flush(out bool failed)
    {
        failed = false;
        while (_pendingCount > 0)
        {
            nint sent = RawDescriptor.Send(Descriptor, _pending.AsSpan(_pendingStart, _pendingCount), MessageFlags.NoSignal);
            if (sent < 0)
            {
                failed = !RawDescriptor.IsWouldBlock(sent);
                return false;
            }
            _pendingStart += (int)sent;
            _pendingCount -= (int)sent;
        }
        _pendingStart = 0;
        return true;
    }

    private void Queue(ReadOnlySpan<byte> data)
    {
        if (_pendingStart + _pendingCount + data.Length > _pending.Length)
        {
            byte[] larger = new byte[Math.Max(_pending.Length * 2, _pendingCount + data.Length)];
            _pending.AsSpan(_pendingStart, _pendingCount).CopyTo(larger);
            _pending = larger;
            _pendingStart = 0;
        }
        data.CopyTo(_pending.AsSpan(_pendingStart + _pendingCount));
        _pendingCount += data.Length;
    }
}
