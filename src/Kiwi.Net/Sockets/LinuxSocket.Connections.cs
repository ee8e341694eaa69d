using System;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

// Making connections: accept4 on a listener, connect (blocking, or started and finished by an event loop).
public sealed partial class LinuxSocket
{
    /// <summary>Accepts a connection with <c>accept4(2)</c>, waiting for one (with <c>poll</c> on a non-blocking
    /// listener).</summary>
    /// <param name="flags">Flags for the new socket; close-on-exec by default.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    public LinuxSocket Accept(SocketCreationFlags flags = SocketCreationFlags.CloseOnExec, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) => Accept(out _, flags, timeout, cancellationToken);

    /// <summary>Accepts a connection with <c>accept4(2)</c> and reports the peer's address.</summary>
    /// <param name="remoteEndPoint">The peer's address.</param>
    /// <param name="flags">Flags for the new socket; close-on-exec by default.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    public LinuxSocket Accept(out EndPoint? remoteEndPoint, SocketCreationFlags flags = SocketCreationFlags.CloseOnExec, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "accept4", timeout, cancellationToken, Libc.SO_RCVTIMEO);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.In);
            LinuxSocket? accepted;
            try
            {
                if (!TryAccept(out accepted, out remoteEndPoint, flags))
                {
                    wait.AfterWouldBlock(PollEvents.In);
                    continue;
                }
            }
            catch (ErrnoException) when (wait.IsDisposed)
            {
                // The shut-down listener's EINVAL is Dispose's doing, not the caller's error.
                wait.ThrowIfDisposed();
                throw;
            }
            if (wait.IsDisposed)
            {
                // A connection that slipped in while the listener was being disposed is not handed out.
                accepted.Dispose();
                wait.ThrowIfDisposed();
            }
            return accepted;
        }
    }

    /// <summary>Accepts a connection with <c>accept4(2)</c> if one is pending.</summary>
    /// <param name="accepted">The new socket.</param>
    /// <param name="flags">Flags for the new socket; close-on-exec by default.</param>
    /// <returns>False when the listener is non-blocking and no connection is pending (<c>EAGAIN</c>).</returns>
    public bool TryAccept([NotNullWhen(true)] out LinuxSocket? accepted, SocketCreationFlags flags = SocketCreationFlags.CloseOnExec)
        => TryAccept(out accepted, out _, flags);

    /// <summary>Accepts a connection with <c>accept4(2)</c> if one is pending, and reports the peer's address.</summary>
    /// <param name="accepted">The new socket.</param>
    /// <param name="remoteEndPoint">The peer's address.</param>
    /// <param name="flags">Flags for the new socket; close-on-exec by default.</param>
    /// <returns>False when the listener is non-blocking and no connection is pending (<c>EAGAIN</c>).</returns>
    public unsafe bool TryAccept([NotNullWhen(true)] out LinuxSocket? accepted, out EndPoint? remoteEndPoint,
        SocketCreationFlags flags = SocketCreationFlags.CloseOnExec)
    {
        sockaddr_storage storage;
        uint length = (uint)sizeof(sockaddr_storage);
        SocketHandle handle = new();
        int fd;
        using (DescriptorLease lease = new(Handle))
        {
            fd = SystemCalls.Accept4(lease.Descriptor, (sockaddr*)&storage, &length, (int)flags);
        }
        if (fd < 0)
        {
            handle.Dispose();
            accepted = null;
            remoteEndPoint = null;
            if (fd == -Libc.EAGAIN)
            {
                return false;
            }
            ErrnoException.Throw("accept4", -fd);
        }
        handle.SetDescriptor(fd);
        accepted = new LinuxSocket(handle);
        remoteEndPoint = SocketAddressCodec.Decode(&storage, length);
        return true;
    }

    /// <summary>Connects with <c>connect(2)</c> and returns once connected. On a non-blocking socket (or after a
    /// signal, which the shim reports as <c>EINPROGRESS</c>) it waits for writability and reads the outcome from <c>SO_ERROR</c>.</summary>
    /// <param name="endPoint">The peer's address.</param>
    /// <exception cref="ErrnoException">The connection failed, e.g. <c>ECONNREFUSED</c>.</exception>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    public void Connect(EndPoint endPoint, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "connect", timeout, cancellationToken, Libc.SO_SNDTIMEO);
        if (StartConnect(endPoint))
        {
            return;
        }
        while (!FinishConnect())
        {
            wait.AfterWouldBlock(PollEvents.Out);
        }
        wait.ThrowIfDisposed();
    }

    /// <summary>Starts a connection with <c>connect(2)</c>, the first half of a non-blocking connect.</summary>
    /// <param name="endPoint">The peer's address.</param>
    /// <returns>True when connected at once; false when the connection is in progress (<c>EINPROGRESS</c>): wait
    /// until the socket is writable, then call <see cref="FinishConnect"/>.</returns>
    public unsafe bool StartConnect(EndPoint endPoint)
    {
        sockaddr_storage storage;
        uint length = SocketAddressCodec.Encode(endPoint, &storage);
        using DescriptorLease lease = new(Handle);
        int r = SystemCalls.Connect(lease.Descriptor, (sockaddr*)&storage, length);
        if (r == -Libc.EINPROGRESS)
        {
            return false;
        }
        SystemCalls.ThrowIfFailed(r, "connect");
        return true;
    }

    /// <summary>The second half of a non-blocking connect: reads <c>SO_ERROR</c> and checks with
    /// <c>getpeername(2)</c> whether the connection is established.</summary>
    /// <returns>True when connected; false while still in progress.</returns>
    /// <exception cref="ErrnoException">The connection failed; <see cref="ErrnoException.Call"/> is <c>"connect"</c>.</exception>
    public unsafe bool FinishConnect()
    {
        int error = Options.PendingError;
        if (error != 0)
        {
            ErrnoException.Throw("connect", error);
        }
        sockaddr_storage storage;
        uint length = (uint)sizeof(sockaddr_storage);
        using DescriptorLease lease = new(Handle);
        int r = SystemCalls.GetPeerName(lease.Descriptor, (sockaddr*)&storage, &length);
        if (r == -Libc.ENOTCONN)
        {
            return false;
        }
        SystemCalls.ThrowIfFailed(r, "getpeername");
        return true;
    }
}
