using System;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Examples.SelectEcho;

/// <summary>
/// An echo server on <c>select(2)</c>. Each round fills a read set (the listener, and every connection that may
/// take more input) and a write set (only connections with pending output: a socket with room is writable almost
/// always, so watching it otherwise would wake the loop for nothing), waits, and serves what is ready.
/// </summary>
/// <remarks>An <c>fd_set</c> holds descriptors below FD_SETSIZE (1024); a connection that gets a higher number
/// is refused, the limit that poll and epoll remove.</remarks>
public sealed class SelectEchoServer
{
    /// <summary>The longest wait, so that the loop notices a stop request.</summary>
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly LinuxSocket _listener;
    private readonly int _listenerDescriptor;
    private readonly EchoConnectionList _connections = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly FdSet _read = new();
    private readonly FdSet _write = new();

    /// <summary>A server on a bound, listening, non-blocking socket.</summary>
    /// <param name="listener">The listener; the caller disposes it after <see cref="Run"/>.</param>
    public SelectEchoServer(LinuxSocket listener)
    {
        _listener = listener;
        _listenerDescriptor = listener.Handle.DangerousGetDescriptor();
    }

    /// <summary>Serves until <paramref name="stop"/> is cancelled, then closes every connection.</summary>
    /// <param name="stop">Cancelled on Ctrl+C, SIGTERM or <c>--exit-after</c>.</param>
    public void Run(CancellationToken stop)
    {
        // Every connection still open is closed when the loop ends.
        using (_connections)
        {
            while (!stop.IsCancellationRequested)
            {
                FillSets();
                if (Select.Wait(_read, _write, null, StopCheckInterval) > 0)
                {
                    Serve();
                }
            }
        }
    }

    /// <summary>select overwrites its sets with the ready descriptors, so they are refilled before every wait.</summary>
    private void FillSets()
    {
        _read.Clear();
        _write.Clear();
        _read.Add(_listenerDescriptor);
        for (int i = 0; i < _connections.Count; i++)
        {
            EchoConnection connection = _connections[i];
            if (connection.WantsInput)
            {
                _read.Add(connection.Descriptor);
            }
            if (connection.WantsOutput)
            {
                _write.Add(connection.Descriptor);
            }
        }
    }

    private void Serve()
    {
        // Connections first: the ones accepted below were not in the sets.
        for (int i = _connections.Count - 1; i >= 0; i--)
        {
            EchoConnection connection = _connections[i];
            if (_write.Contains(connection.Descriptor))
            {
                connection.Flush();
            }
            if (_read.Contains(connection.Descriptor) && connection.WantsInput)
            {
                connection.Receive(_buffer);
            }
            if (connection.IsDone)
            {
                _connections.CloseAt(i);
            }
        }
        if (_read.Contains(_listenerDescriptor))
        {
            AcceptAll();
        }
    }

    private void AcceptAll()
    {
        while (EchoConnection.Accept(_listener) is EchoConnection accepted)
        {
            if (accepted.Descriptor >= FdSet.Capacity)
            {
                Console.Error.WriteLine($"refused a client: descriptor {accepted.Descriptor} does not fit an fd_set (FD_SETSIZE {FdSet.Capacity})");
                accepted.Dispose();
                continue;
            }
            _connections.Add(accepted);
        }
    }
}
