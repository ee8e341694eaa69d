using System;
using System.Threading.Tasks;

namespace Kiwi.Net.Proactor;

// recvmsg/sendmsg on datagram sockets, one slot of a caller-owned DatagramBatch per operation: the batch's native
// msghdr, buffer and address room are what the kernel reads and writes, so nothing is pinned or allocated per call.
public sealed partial class Proactor
{
    /// <summary>Receives one datagram into slot <paramref name="slot"/> of <paramref name="batch"/> with
    /// <c>IORING_OP_RECVMSG</c> (<c>recvmsg(2)</c>); the result is its length or <c>-errno</c>. On success the slot
    /// holds the datagram (<see cref="DatagramBatch.Datagram"/>), its sender and flags.</summary>
    /// <param name="socket">A datagram socket; referenced until the completion.</param>
    /// <param name="batch">The slots; neither that slot nor the batch may be used or disposed until the completion.</param>
    /// <param name="slot">The slot to fill.</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    public void ReceiveMessage(SocketHandle socket, DatagramBatch batch, int slot, CompletionHandler handler, object? state = null,
        MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Submit(PrepareMessage(ProactorOperationKind.ReceiveMessage, socket, batch, slot, flags, handler, state));
    }

    /// <summary>Sends slot <paramref name="slot"/> of <paramref name="batch"/> (its <see cref="DatagramBatch.LengthOf"/>
    /// bytes, to its address, or to the connected peer when it has none) with <c>IORING_OP_SENDMSG</c>
    /// (<c>sendmsg(2)</c>, <c>MSG_NOSIGNAL</c>); the result is the byte count or <c>-errno</c>.</summary>
    /// <param name="socket">A datagram socket; referenced until the completion.</param>
    /// <param name="batch">The slots; neither that slot nor the batch may be changed or disposed until the completion.</param>
    /// <param name="slot">The slot to send.</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    public void SendMessage(SocketHandle socket, DatagramBatch batch, int slot, CompletionHandler handler, object? state = null,
        MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Submit(PrepareMessage(ProactorOperationKind.SendMessage, socket, batch, slot, flags, handler, state));
    }

    /// <summary>Receives one datagram into slot <paramref name="slot"/> of <paramref name="batch"/> with
    /// <c>IORING_OP_RECVMSG</c>; see <see cref="ReceiveMessage"/>.</summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="batch">The slots.</param>
    /// <param name="slot">The slot to fill.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>The datagram's length.</returns>
    /// <exception cref="ErrnoException">The receive failed (<c>"io_uring recvmsg: ..."</c>).</exception>
    public ValueTask<int> ReceiveMessageAsync(LinuxSocket socket, DatagramBatch batch, int slot = 0, MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ProactorOperation operation = PrepareMessage(ProactorOperationKind.ReceiveMessage, socket.Handle, batch, slot, flags, null, null);
        return new ValueTask<int>(operation, SubmitAwaited(operation));
    }

    /// <summary>Sends slot <paramref name="slot"/> of <paramref name="batch"/> with <c>IORING_OP_SENDMSG</c>; see
    /// <see cref="SendMessage"/>.</summary>
    /// <param name="socket">A datagram socket.</param>
    /// <param name="batch">The slots.</param>
    /// <param name="slot">The slot to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>Bytes sent.</returns>
    /// <exception cref="ErrnoException">The send failed (<c>"io_uring sendmsg: ..."</c>).</exception>
    public ValueTask<int> SendMessageAsync(LinuxSocket socket, DatagramBatch batch, int slot = 0, MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ProactorOperation operation = PrepareMessage(ProactorOperationKind.SendMessage, socket.Handle, batch, slot, flags, null, null);
        return new ValueTask<int>(operation, SubmitAwaited(operation));
    }

    private ProactorOperation PrepareMessage(ProactorOperationKind kind, SocketHandle socket, DatagramBatch batch, int slot,
        MessageFlags flags, CompletionHandler? handler, object? state)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ProactorOperation operation = Prepare(kind, socket, handler, state);
        try
        {
            operation.SetMessage(batch, slot, flags);
        }
        catch
        {
            operation.ReleaseResources();
            operation.Recycle();
            throw;
        }
        return operation;
    }
}
