using System;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Examples.PollEcho;

/// <summary>
/// An echo server on <c>poll(2)</c>: one <c>pollfd</c> per socket, no FD_SETSIZE limit. Entry 0 is the listener,
/// entry i + 1 is connection i. A connection asks for POLLOUT only while it has pending output (a socket with room
/// is writable almost always, so asking otherwise would wake the loop for nothing), and for POLLIN only while it
/// may take more input.
/// </summary>
public sealed class PollEchoServer
{
    /// <summary>The longest wait, so that the loop notices a stop request.</summary>
    private const int StopCheckIntervalMs = 100;

    private readonly LinuxSocket _listener;
    private readonly EchoConnectionList _connections = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private PollDescriptor[] _entries = new PollDescriptor[64];

    /// <summary>A server on a bound, listening, non-blocking socket.</summary>
    /// <param name="listener">The listener; the caller disposes it after <see cref="Run"/>.</param>
    public PollEchoServer(LinuxSocket listener) => _listener = listener;

    /// <summary>Serves until <paramref name="stop"/> is cancelled, then closes every connection.</summary>
    /// <param name="stop">Cancelled on Ctrl+C, SIGTERM or <c>--exit-after</c>.</param>
    public void Run(CancellationToken stop)
    {
        // Every connection still open is closed when the loop ends.
        using (_connections)
        {
            while (!stop.IsCancellationRequested)
            {
                int count = FillEntries();
                if (Poll.Wait(_entries.AsSpan(0, count), StopCheckIntervalMs) > 0)
                {
                    Serve();
                }
            }
        }
    }

    /// <summary>Writes this round's interest of every socket; returns the number of entries.</summary>
    private int FillEntries()
    {
        int count = _connections.Count + 1;
        if (_entries.Length < count)
        {
            // Grows with the number of clients, then is reused: no allocation per round.
            Array.Resize(ref _entries, Math.Max(count, _entries.Length * 2));
        }
        _entries[0] = new PollDescriptor(_listener.Handle.DangerousGetDescriptor(), PollEvents.In);
        for (int i = 0; i < _connections.Count; i++)
        {
            EchoConnection connection = _connections[i];
            PollEvents wanted = (connection.WantsInput ? PollEvents.In : PollEvents.None)
                | (connection.WantsOutput ? PollEvents.Out : PollEvents.None);
            _entries[i + 1] = new PollDescriptor(connection.Descriptor, wanted);
        }
        return count;
    }

    private void Serve()
    {
        // Backwards, so that a closed connection can be swapped out without disturbing entries still to visit.
        for (int i = _connections.Count - 1; i >= 0; i--)
        {
            EchoConnection connection = _connections[i];
            PollEvents ready = _entries[i + 1].ReturnedEvents;
            if (ready == PollEvents.None)
            {
                continue;
            }
            // POLLERR/POLLHUP come whatever was asked; the next send or recv reports what happened.
            if ((ready & (PollEvents.Out | PollEvents.Error | PollEvents.HangUp)) != 0 && connection.WantsOutput)
            {
                connection.Flush();
            }
            if ((ready & (PollEvents.In | PollEvents.Error | PollEvents.HangUp)) != 0 && connection.WantsInput)
            {
                connection.Receive(_buffer);
            }
            if (connection.IsDone)
            {
                _connections.CloseAt(i);
            }
        }
        if ((_entries[0].ReturnedEvents & PollEvents.In) != 0)
        {
            while (EchoConnection.Accept(_listener) is EchoConnection accepted)
            {
                _connections.Add(accepted);
            }
        }
    }
}
