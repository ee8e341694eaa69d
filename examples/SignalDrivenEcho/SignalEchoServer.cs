using System;
using System.Collections.Generic;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.SignalDriven;

namespace Kiwi.Examples.SignalDrivenEcho;

/// <summary>
/// An echo server driven by signals: the listening socket and every connection are registered with one
/// <see cref="SignalDrivenIo"/>, whose thread runs all of the server's code, so nothing here needs a lock.
/// A signal says "this descriptor changed", so each report drains the socket until <c>EAGAIN</c>.
/// </summary>
internal sealed class SignalEchoServer : IDisposable
{
    private readonly LinuxSocket _listener;
    private readonly SignalDrivenIo _io = new();
    private readonly Dictionary<int, EchoConnection> _connections = new();
    private readonly byte[] _scratch = new byte[64 * 1024];
    private long _accepted;

    /// <summary>Registers <paramref name="listener"/> (listening, non-blocking); connections are accepted from now on.</summary>
    public SignalEchoServer(LinuxSocket listener)
    {
        _listener = listener;
        _io.Error += (_, e) => Console.Error.WriteLine($"fd {e.Descriptor}: {e.Exception.Message}");
        _io.Register(listener.Handle, _ => AcceptAll());
    }

    /// <summary>A line for the log: signals, overflows, connections.</summary>
    public string Describe() => $"signal {_io.Signal}, {_io.SignalCount} signals, {_io.OverflowCount} overflows, {_accepted} connections";

    /// <summary>Stops the signal thread (which unregisters everything), then closes the connections it left.</summary>
    public void Dispose()
    {
        _io.Dispose();
        foreach (EchoConnection connection in _connections.Values)
        {
            connection.Dispose();
        }
        _connections.Clear();
    }

    private void AcceptAll()
    {
        // Null on EAGAIN, or on EMFILE and the like (reported): the next connection's signal tries again.
        while (EchoConnection.Accept(_listener) is { } connection)
        {
            _connections.Add(connection.Descriptor, connection);
            _accepted++;
            // Out as well: the re-poll after a queue overflow must also resume a stalled flush.
            _io.Register(connection.Socket.Handle, _ => Serve(connection), PollEvents.In | PollEvents.Out);
        }
    }

    private void Serve(EchoConnection connection)
    {
        if (!Pump(connection, _scratch))
        {
            _io.Unregister(connection.Socket.Handle);
            _connections.Remove(connection.Descriptor);
            connection.Dispose();
        }
    }

    /// <summary>Does what a readiness report allows: flush what is pending, then read and echo until <c>EAGAIN</c>.
    /// Above the connection's output mark it stops reading (TCP flow control then slows the client); the
    /// <c>POLL_OUT</c> signal that comes when the socket has room again resumes it.</summary>
    /// <returns>False when the connection is finished (peer done and answered, or broken): close it.</returns>
    private static bool Pump(EchoConnection connection, Span<byte> scratch)
    {
        while (true)
        {
            if (connection.Flush() == EchoProgress.Failed || connection.IsDone)
            {
                return false;
            }
            if (!connection.WantsInput)
            {
                return true;
            }
            switch (connection.Receive(scratch))
            {
                case EchoProgress.WouldBlock:
                    return true;
                case EchoProgress.Failed:
                    return false;
            }
        }
    }
}
