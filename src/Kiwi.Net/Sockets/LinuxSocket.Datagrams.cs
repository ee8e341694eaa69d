using System;
using System.Net;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

// Datagrams with an address: sendto/recvfrom.
public sealed partial class LinuxSocket
{
    /// <summary><c>sendto(2)</c>: sends a datagram to <paramref name="endPoint"/>, waiting while a non-blocking
    /// socket is full.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="endPoint">The destination.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Bytes sent.</returns>
    public int SendTo(ReadOnlySpan<byte> buffer, EndPoint endPoint, MessageFlags flags = MessageFlags.None, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "sendto", timeout, cancellationToken, Libc.SO_SNDTIMEO);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.Out);
            if (TrySendTo(buffer, endPoint, out int sent, flags))
            {
                wait.ThrowIfDisposed();
                return sent;
            }
            wait.AfterWouldBlock(PollEvents.Out);
        }
    }

    /// <summary><c>sendto(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="endPoint">The destination.</param>
    /// <param name="sent">Bytes sent.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket cannot take the datagram now (<c>EAGAIN</c>).</returns>
    public unsafe bool TrySendTo(ReadOnlySpan<byte> buffer, EndPoint endPoint, out int sent, MessageFlags flags = MessageFlags.None)
    {
        sockaddr_storage storage;
        uint length = SocketAddressCodec.Encode(endPoint, &storage);
        using DescriptorLease lease = new(Handle);
        fixed (byte* p = buffer)
        {
            nint r = SystemCalls.SendTo(lease.Descriptor, p, (nuint)buffer.Length, (int)flags, (sockaddr*)&storage, length);
            return SystemCalls.Completed(r, "sendto", out sent);
        }
    }

    /// <summary><c>recvfrom(2)</c>: receives a datagram and its sender's address, waiting while a non-blocking
    /// socket is empty.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="remoteEndPoint">The sender's address (null on a connected stream socket).</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Bytes received.</returns>
    public int ReceiveFrom(Span<byte> buffer, out EndPoint? remoteEndPoint, MessageFlags flags = MessageFlags.None, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "recvfrom", timeout, cancellationToken, Libc.SO_RCVTIMEO);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.In);
            if (TryReceiveFrom(buffer, out int received, out remoteEndPoint, flags))
            {
                wait.ThrowIfDisposed();
                return received;
            }
            wait.AfterWouldBlock(PollEvents.In);
        }
    }

    /// <summary><c>recvfrom(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="received">Bytes received.</param>
    /// <param name="remoteEndPoint">The sender's address (null on a connected stream socket).</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public unsafe bool TryReceiveFrom(Span<byte> buffer, out int received, out EndPoint? remoteEndPoint, MessageFlags flags = MessageFlags.None)
    {
        ReceiveBuffer.ThrowIfEmpty(buffer.Length, "recvfrom", nameof(buffer), flags);
        sockaddr_storage storage;
        uint length = (uint)sizeof(sockaddr_storage);
        nint r;
        using (DescriptorLease lease = new(Handle))
        {
            fixed (byte* p = buffer)
            {
                r = SystemCalls.RecvFrom(lease.Descriptor, p, (nuint)buffer.Length, (int)flags, (sockaddr*)&storage, &length);
            }
        }
        bool done = SystemCalls.Completed(r, "recvfrom", out received);
        remoteEndPoint = done ? SocketAddressCodec.Decode(&storage, length) : null;
        return done;
    }
}
