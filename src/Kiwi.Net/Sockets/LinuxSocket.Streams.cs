using System;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

// Byte transfers on a connected socket: send/recv and the vectored readv/writev.
public sealed partial class LinuxSocket
{
    /// <summary><c>send(2)</c>, waiting (with <c>poll</c>) while a non-blocking socket is full.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags, e.g. <see cref="MessageFlags.OutOfBand"/>.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Bytes sent (a stream socket may take fewer than offered; see <see cref="SendAll"/>).</returns>
    public int Send(ReadOnlySpan<byte> buffer, MessageFlags flags = MessageFlags.None, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "send", timeout, cancellationToken, Libc.SO_SNDTIMEO);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.Out);
            if (TrySend(buffer, out int sent, flags))
            {
                wait.ThrowIfDisposed();
                return sent;
            }
            wait.AfterWouldBlock(PollEvents.Out);
        }
    }

    /// <summary>Sends every byte of <paramref name="buffer"/>, calling <c>send(2)</c> until done.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    public void SendAll(ReadOnlySpan<byte> buffer, MessageFlags flags = MessageFlags.None, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        // One bound for the whole buffer, not one per send.
        long deadline = BlockingCall.DeadlineOf(timeout, nameof(timeout));
        while (!buffer.IsEmpty)
        {
            TimeSpan? left = deadline == long.MaxValue ? null : TimeSpan.FromMilliseconds(BlockingCall.RemainingMs(deadline));
            buffer = buffer[Send(buffer, flags, left, cancellationToken)..];
        }
    }

    /// <summary><c>send(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="sent">Bytes sent.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket cannot take bytes now (<c>EAGAIN</c>).</returns>
    public bool TrySend(ReadOnlySpan<byte> buffer, out int sent, MessageFlags flags = MessageFlags.None)
    {
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.Send(lease.Descriptor, buffer, flags), "send", out sent);
    }

    /// <summary><c>recv(2)</c>, waiting (with <c>poll</c>) while a non-blocking socket is empty.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="flags"><c>MSG_*</c> flags, e.g. <see cref="MessageFlags.OutOfBand"/> or <see cref="MessageFlags.Peek"/>.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Bytes received; 0 when the peer has shut down its sending side.</returns>
    public int Receive(Span<byte> buffer, MessageFlags flags = MessageFlags.None, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "recv", timeout, cancellationToken, Libc.SO_RCVTIMEO);
        while (true)
        {
            wait.BeforeAttempt((flags & MessageFlags.OutOfBand) != 0 ? PollEvents.Priority : PollEvents.In);
            if (TryReceive(buffer, out int received, flags))
            {
                wait.ThrowIfDisposed();
                return received;
            }
            wait.AfterWouldBlock((flags & MessageFlags.OutOfBand) != 0 ? PollEvents.Priority : PollEvents.In);
        }
    }

    /// <summary><c>recv(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="received">Bytes received; 0 when the peer has shut down its sending side.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public bool TryReceive(Span<byte> buffer, out int received, MessageFlags flags = MessageFlags.None)
    {
        ReceiveBuffer.ThrowIfEmpty(buffer.Length, "recv", nameof(buffer), flags);
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.Receive(lease.Descriptor, buffer, flags), "recv", out received);
    }

    /// <summary><c>readv(2)</c>: fills the buffers in order, waiting while a non-blocking socket is empty.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Bytes read across all buffers; 0 at end of stream.</returns>
    public int ReadVector(ReadOnlySpan<Memory<byte>> buffers, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "readv", timeout, cancellationToken, Libc.SO_RCVTIMEO);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.In);
            if (TryReadVector(buffers, out int read))
            {
                wait.ThrowIfDisposed();
                return read;
            }
            wait.AfterWouldBlock(PollEvents.In);
        }
    }

    /// <summary><c>readv(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <param name="bytesRead">Bytes read across all buffers; 0 at end of stream.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public unsafe bool TryReadVector(ReadOnlySpan<Memory<byte>> buffers, out int bytesRead)
    {
        PinnedVectors.ThrowIfTooMany(buffers.Length);
        long total = 0;
        foreach (Memory<byte> buffer in buffers)
        {
            total += buffer.Length;
        }
        ReceiveBuffer.ThrowIfEmpty(total, "readv", nameof(buffers));
        // Memory<T> and ReadOnlyMemory<T> have one layout; the pinning code is shared.
        ReadOnlySpan<ReadOnlyMemory<byte>> readOnly = MemoryMarshal.CreateReadOnlySpan(
            ref Unsafe.As<Memory<byte>, ReadOnlyMemory<byte>>(ref MemoryMarshal.GetReference(buffers)), buffers.Length);
        Span<iovec> vectors = stackalloc iovec[Math.Min(readOnly.Length, PinnedVectors.MaxCount)];
        using PinnedVectors pins = new(readOnly, vectors);
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.ReadVector(lease.Descriptor, vectors), "readv", out bytesRead);
    }

    /// <summary><c>writev(2)</c>: sends the buffers in order as one write, waiting while a non-blocking socket is full.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Bytes written across all buffers (a stream socket may take fewer than offered).</returns>
    public int WriteVector(ReadOnlySpan<ReadOnlyMemory<byte>> buffers, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "writev", timeout, cancellationToken, Libc.SO_SNDTIMEO);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.Out);
            if (TryWriteVector(buffers, out int written))
            {
                wait.ThrowIfDisposed();
                return written;
            }
            wait.AfterWouldBlock(PollEvents.Out);
        }
    }

    /// <summary><c>writev(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <param name="bytesWritten">Bytes written across all buffers.</param>
    /// <returns>False when a non-blocking socket cannot take bytes now (<c>EAGAIN</c>).</returns>
    public unsafe bool TryWriteVector(ReadOnlySpan<ReadOnlyMemory<byte>> buffers, out int bytesWritten)
    {
        Span<iovec> vectors = stackalloc iovec[Math.Min(buffers.Length, PinnedVectors.MaxCount)];
        using PinnedVectors pins = new(buffers, vectors);
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.WriteVector(lease.Descriptor, vectors), "writev", out bytesWritten);
    }
}
