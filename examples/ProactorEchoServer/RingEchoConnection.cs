using System;
using Kiwi.Net;
using Kiwi.Net.Proactor;

namespace Kiwi.Examples.ProactorEchoServer;

/// <summary>
/// One echoed connection: a receive into the connection's buffer, a send of what arrived, and again, until the
/// peer shuts down or fails; then an io_uring close. Only one operation is in flight at a time, so the buffer is
/// never touched by the kernel twice at once. The handlers are static: nothing is allocated per message.
/// </summary>
internal sealed class RingEchoConnection
{
    private const int BufferSize = 64 * 1024;

    private readonly SocketHandle _socket;
    // On the pinned object heap: the kernel writes into it while a receive is in flight.
    private readonly byte[] _buffer = GC.AllocateArray<byte>(BufferSize, pinned: true);
    private int _length;
    private int _sent;

    public RingEchoConnection(SocketHandle socket)
    {
        _socket = socket;
    }

    public void Start(Proactor proactor) => proactor.Receive(_socket, _buffer, OnReceived, this);

    private static void OnReceived(in ProactorCompletion c)
    {
        RingEchoConnection connection = (RingEchoConnection)c.State!;
        if (c.Result <= 0)
        {
            connection.Finish(in c);
            return;
        }
        connection._length = c.Result;
        connection._sent = 0;
        // WaitAll: the kernel itself retries a short send on a stream socket.
        c.Proactor.Send(connection._socket, connection._buffer.AsMemory(0, c.Result), OnSent, connection, MessageFlags.WaitAll);
    }

    private static void OnSent(in ProactorCompletion c)
    {
        RingEchoConnection connection = (RingEchoConnection)c.State!;
        if (c.Result <= 0)
        {
            connection.Finish(in c);
            return;
        }
        connection._sent += c.Result;
        if (connection._sent < connection._length)
        {
            c.Proactor.Send(connection._socket, connection._buffer.AsMemory(connection._sent, connection._length - connection._sent),
                OnSent, connection, MessageFlags.WaitAll);
            return;
        }
        c.Proactor.Receive(connection._socket, connection._buffer, OnReceived, connection);
    }

    // The descriptor is gone whatever the close reports: nothing is left to do.
    private static void OnClosed(in ProactorCompletion c)
    {
    }

    /// <summary>End of stream or an error: close through the ring, or directly when the ring is shutting down.</summary>
    private void Finish(in ProactorCompletion c)
    {
        if (c.IsCanceled)
        {
            _socket.Dispose();
            return;
        }
        c.Proactor.Close(_socket, OnClosed);
    }
}
