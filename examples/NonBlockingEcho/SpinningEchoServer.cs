using System;
using System.Threading;
using Kiwi.Net;

namespace Kiwi.Examples.NonBlockingEcho;

/// <summary>
/// An echo server that polls by trying: each round it accepts until <c>accept4</c> says EAGAIN, then gives every
/// connection one <c>send</c> of its pending bytes and one <c>recv</c>, each of which may say EAGAIN (a result, not
/// an error). A round in which nothing moved sleeps a millisecond, which is the model's cost: latency or CPU.
/// </summary>
public sealed class SpinningEchoServer
{
    /// <summary>How long an idle round sleeps: short enough for a responsive echo, long enough to leave the CPU.</summary>
    private const int IdleSleepMs = 1;

    private readonly LinuxSocket _listener;
    private readonly EchoConnectionList _connections = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    /// <summary>A server on a bound, listening, non-blocking socket.</summary>
    /// <param name="listener">The listener; the caller disposes it after <see cref="Run"/>.</param>
    public SpinningEchoServer(LinuxSocket listener) => _listener = listener;

    /// <summary>Runs rounds until <paramref name="stop"/> is cancelled, then closes every connection.</summary>
    /// <param name="stop">Cancelled on Ctrl+C, SIGTERM or <c>--exit-after</c>.</param>
    public void Run(CancellationToken stop)
    {
        // Every connection still open is closed when the loop ends.
        using (_connections)
        {
            while (!stop.IsCancellationRequested)
            {
                if (!RunRound())
                {
                    Thread.Sleep(IdleSleepMs);
                }
            }
        }
    }

    /// <summary>One pass over the listener and every connection.</summary>
    /// <returns>Whether anything moved (a connection accepted, bytes read or written, a connection closed).</returns>
    private bool RunRound()
    {
        bool moved = false;
        while (EchoConnection.Accept(_listener) is EchoConnection accepted)
        {
            _connections.Add(accepted);
            moved = true;
        }
        for (int i = _connections.Count - 1; i >= 0; i--)
        {
            EchoConnection connection = _connections[i];
            if (connection.WantsOutput && connection.Flush() != EchoProgress.WouldBlock)
            {
                moved = true;
            }
            if (connection.WantsInput && connection.Receive(_buffer) != EchoProgress.WouldBlock)
            {
                moved = true;
            }
            if (connection.IsDone)
            {
                _connections.CloseAt(i);
                moved = true;
            }
        }
        return moved;
    }
}
