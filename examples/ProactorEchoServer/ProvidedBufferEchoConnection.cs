using System.Collections.Generic;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Proactor;

namespace Kiwi.Examples.ProactorEchoServer;

/// <summary>
/// One echoed connection on provided buffers (the completion model at its cheapest, as the C io_uring server
/// does it): one multishot receive armed for the connection's life, the kernel picking a buffer of the ring's
/// <see cref="ProvidedBufferRing"/> for each arrival; each buffer is sent back as it came and returned to the ring
/// when its send completes. Sends go one at a time, in arrival order, so the stream stays in order. Nothing is
/// pinned or allocated per message.
/// </summary>
internal sealed class ProvidedBufferEchoConnection
{
    private readonly SocketHandle _socket;
    // Buffers received and not yet fully echoed, oldest first: (buffer id, length).
    private readonly Queue<(int Id, int Length)> _pending = new();
    private int _sentOfHead;
    private bool _receiving;
    private bool _sending;
    private bool _ending;

    public ProvidedBufferEchoConnection(SocketHandle socket)
    {
        _socket = socket;
    }

    public void Start(Proactor proactor)
    {
        _receiving = true;
        proactor.ReceiveMultishot(_socket, OnReceived, this);
    }

    private static void OnReceived(in ProactorCompletion c)
    {
        ProvidedBufferEchoConnection connection = (ProvidedBufferEchoConnection)c.State!;
        if (c.Result > 0)
        {
            connection._pending.Enqueue((c.BufferId, c.Result));
            if (!connection._sending)
            {
                connection._sending = true;
                connection.SendHead(c.Proactor);
            }
        }
        if (c.HasMore)
        {
            return;
        }
        connection._receiving = false;
        if (!connection._ending && (c.Result > 0 || c.Result == -Libc.ENOBUFS))
        {
            // The kernel ended the request (or ran out of buffers until sends return some): ask again.
            connection.Start(c.Proactor);
            return;
        }
        // End of stream, an error or a cancellation: close once the echoes in flight are done.
        connection._ending = true;
        connection.EndIfIdle(in c);
    }

    private static void OnSent(in ProactorCompletion c)
    {
        ProvidedBufferEchoConnection connection = (ProvidedBufferEchoConnection)c.State!;
        ProvidedBufferRing buffers = c.Proactor.ProvidedBuffers!;
        if (c.Result <= 0)
        {
            // The peer is gone: drop what is left, stop the receive (its completion ends the connection).
            while (connection._pending.TryDequeue(out (int Id, int Length) dropped))
            {
                buffers.Return(dropped.Id);
            }
            connection._sending = false;
            connection._ending = true;
            if (connection._receiving && !c.IsCanceled)
            {
                c.Proactor.Cancel(connection._socket, OnCancelled);
            }
            connection.EndIfIdle(in c);
            return;
        }
        connection._sentOfHead += c.Result;
        (int id, int length) = connection._pending.Peek();
        if (connection._sentOfHead < length)
        {
            connection.SendHead(c.Proactor);
            return;
        }
        connection._pending.Dequeue();
        buffers.Return(id);
        connection._sentOfHead = 0;
        if (connection._pending.Count > 0)
        {
            connection.SendHead(c.Proactor);
            return;
        }
        connection._sending = false;
        connection.EndIfIdle(in c);
    }

    // The descriptor is gone whatever the close or the cancel reports: nothing is left to do.
    private static void OnClosed(in ProactorCompletion c)
    {
    }

    private static void OnCancelled(in ProactorCompletion c)
    {
    }

    private void SendHead(Proactor proactor)
    {
        (int id, int length) = _pending.Peek();
        // WaitAll: the kernel itself retries a short send on a stream socket.
        proactor.SendProvided(_socket, id, _sentOfHead, length - _sentOfHead, OnSent, this, MessageFlags.WaitAll);
    }

    /// <summary>Closes once nothing is in flight: through the ring, or directly when the ring is shutting down.</summary>
    private void EndIfIdle(in ProactorCompletion c)
    {
        if (!_ending || _receiving || _sending)
        {
            return;
        }
        if (c.IsCanceled)
        {
            _socket.Dispose();
            return;
        }
        c.Proactor.Close(_socket, OnClosed);
    }
}
