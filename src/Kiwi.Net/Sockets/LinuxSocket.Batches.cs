using System;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

public sealed partial class LinuxSocket
{
    /// <summary><c>recvmmsg(2)</c>: receives up to <see cref="DatagramBatch.Capacity"/> datagrams in one call, waiting
    /// (with <c>poll</c>) until at least one is there.</summary>
    /// <param name="batch">The slots to fill; <see cref="DatagramBatch.Count"/> becomes the number received.</param>
    /// <param name="flags"><c>MSG_*</c> flags (<see cref="MessageFlags.WaitForOne"/> is always added).</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Datagrams received (≥ 1).</returns>
    public int ReceiveMessages(DatagramBatch batch, MessageFlags flags = MessageFlags.None, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "recvmmsg", timeout, cancellationToken, Libc.SO_RCVTIMEO);
        PollEvents events = (flags & MessageFlags.ErrorQueue) != 0 ? PollEvents.Error : PollEvents.In;
        while (true)
        {
            wait.BeforeAttempt(events);
            if (TryReceiveMessages(batch, out int received, flags))
            {
                wait.ThrowIfDisposed();
                return received;
            }
            wait.AfterWouldBlock(events);
        }
    }

    /// <summary><c>recvmmsg(2)</c> that never waits on a non-blocking socket and allocates nothing: returns as soon as
    /// one datagram has been received (<c>MSG_WAITFORONE</c>), with whatever else was queued, up to the batch's capacity.</summary>
    /// <param name="batch">The slots to fill; <see cref="DatagramBatch.Count"/> becomes the number received (0 on false).</param>
    /// <param name="received">Datagrams received.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public bool TryReceiveMessages(DatagramBatch batch, out int received, MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Span<mmsghdr> messages = batch.PrepareReceive();
        int r;
        using (DescriptorLease lease = new(Handle))
        {
            r = RawDescriptor.ReceiveMessages(lease.Descriptor, messages, flags | MessageFlags.WaitForOne);
        }
        if (!SystemCalls.Completed(r, "recvmmsg", out received))
        {
            batch.CompleteReceive(0);
            return false;
        }
        batch.CompleteReceive(received);
        return true;
    }

    /// <summary><c>sendmmsg(2)</c>: sends slots 0 .. <see cref="DatagramBatch.Count"/> - 1, each to its address,
    /// waiting (with <c>poll</c>) while a non-blocking socket is full, until every one is sent.</summary>
    /// <param name="batch">The datagrams.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    public void SendMessages(DatagramBatch batch, MessageFlags flags = MessageFlags.None, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        BlockingCall wait = new(Handle, "sendmmsg", timeout, cancellationToken, Libc.SO_SNDTIMEO);
        int start = 0;
        while (start < batch.Count)
        {
            wait.BeforeAttempt(PollEvents.Out);
            if (TrySendMessages(batch, start, batch.Count - start, out int sent, flags))
            {
                wait.ThrowIfDisposed();
                start += sent;
            }
            else
            {
                wait.AfterWouldBlock(PollEvents.Out);
            }
        }
    }

    /// <summary><c>sendmmsg(2)</c> of slots [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>)
    /// that never waits on a non-blocking socket and allocates nothing.</summary>
    /// <param name="batch">The datagrams.</param>
    /// <param name="start">The first slot to send.</param>
    /// <param name="count">Slots to send.</param>
    /// <param name="sent">Datagrams sent, from <paramref name="start"/> on (fewer than <paramref name="count"/> when the
    /// socket filled).</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket could take none (<c>EAGAIN</c>).</returns>
    public bool TrySendMessages(DatagramBatch batch, int start, int count, out int sent, MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Span<mmsghdr> messages = batch.PrepareSend(start, count);
        if (messages.IsEmpty)
        {
            sent = 0;
            return true;
        }
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.SendMessages(lease.Descriptor, messages, flags), "sendmmsg", out sent);
    }
}
