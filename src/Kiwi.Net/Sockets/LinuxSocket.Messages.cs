using System;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

// sendmsg/recvmsg with ancillary data: descriptors (SCM_RIGHTS), credentials (SCM_CREDENTIALS) and typed IP values.
public sealed partial class LinuxSocket
{
    /// <summary><c>sendmsg(2)</c> with ancillary data: passes descriptors (<c>SCM_RIGHTS</c>) and/or credentials
    /// (<c>SCM_CREDENTIALS</c>) over a Unix socket, or per-datagram IP values (<see cref="DatagramControl"/>),
    /// waiting while a non-blocking socket is full.</summary>
    /// <param name="data">The bytes to send (at least one byte for a stream socket to carry control data).</param>
    /// <param name="descriptors">Descriptors the receiver gets copies of (at most 253); they stay open here.</param>
    /// <param name="credentials">Credentials to send; an unprivileged process may send only its own
    /// (<see cref="UnixCredentials.OfThisProcess"/>).</param>
    /// <param name="destination">The address for an unconnected datagram socket; null when connected.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <param name="control">Packet info, TTL, TOS or a GSO segment size for this datagram.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Bytes of <paramref name="data"/> sent.</returns>
    public int SendMessage(ReadOnlySpan<byte> data, ReadOnlySpan<FileDescriptorHandle> descriptors = default,
        UnixCredentials? credentials = null, EndPoint? destination = null, MessageFlags flags = MessageFlags.None,
        DatagramControl control = default, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "sendmsg", timeout, cancellationToken, Libc.SO_SNDTIMEO);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.Out);
            if (TrySendMessage(data, out int sent, descriptors, credentials, destination, flags, control))
            {
                wait.ThrowIfDisposed();
                return sent;
            }
            wait.AfterWouldBlock(PollEvents.Out);
        }
    }

    /// <summary><c>sendmsg(2)</c> that never waits on a non-blocking socket; see <see cref="SendMessage"/>.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="sent">Bytes of <paramref name="data"/> sent.</param>
    /// <param name="descriptors">Descriptors to pass (at most 253).</param>
    /// <param name="credentials">Credentials to send.</param>
    /// <param name="destination">The address for an unconnected datagram socket.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <param name="control">Packet info, TTL, TOS or a GSO segment size for this datagram.</param>
    /// <returns>False when a non-blocking socket cannot take the message now (<c>EAGAIN</c>).</returns>
    public unsafe bool TrySendMessage(ReadOnlySpan<byte> data, out int sent, ReadOnlySpan<FileDescriptorHandle> descriptors = default,
        UnixCredentials? credentials = null, EndPoint? destination = null, MessageFlags flags = MessageFlags.None,
        DatagramControl control = default)
    {
        if (descriptors.Length > ControlMessages.MaxDescriptors)
        {
            throw new ArgumentOutOfRangeException(nameof(descriptors), descriptors.Length,
                $"SCM_RIGHTS carries at most {ControlMessages.MaxDescriptors} descriptors.");
        }
        if ((!descriptors.IsEmpty || credentials.HasValue) && Options.Domain != SocketDomain.Unix)
        {
            // TCP and UDP ignore control messages: the descriptors would silently not arrive.
            throw new ArgumentException(
                $"sendmsg: SCM_RIGHTS and SCM_CREDENTIALS travel only over AF_UNIX sockets, not {Options.Domain}.", nameof(descriptors));
        }
        Span<int> numbers = stackalloc int[descriptors.Length];
        bool inet6 = !control.IsEmpty && Domain == SocketDomain.Inet6;
        Span<byte> controlBuffer = stackalloc byte[ControlMessages.Space(descriptors.Length, credentials.HasValue) + ControlMessages.Space(control)];
        controlBuffer.Clear();
        sockaddr_storage storage;
        int added = 0;
        try
        {
            ControlMessages.AddRefAll(descriptors, numbers, ref added);
            fixed (byte* dataPointer = data)
            fixed (byte* controlPointer = controlBuffer)
            {
                iovec vector = new() { iov_base = dataPointer, iov_len = (nuint)data.Length };
                msghdr message = new()
                {
                    msg_iov = &vector,
                    msg_iovlen = 1,
                    msg_control = controlBuffer.IsEmpty ? null : controlPointer,
                    msg_controllen = (nuint)controlBuffer.Length,
                };
                if (destination is not null)
                {
                    message.msg_namelen = SocketAddressCodec.Encode(destination, &storage);
                    message.msg_name = &storage;
                }
                if (!controlBuffer.IsEmpty)
                {
                    ControlMessages.Write(&message, numbers, credentials, control, inet6);
                }
                using DescriptorLease lease = new(Handle);
                nint r = SystemCalls.SendMsg(lease.Descriptor, &message, (int)flags);
                return SystemCalls.Completed(r, "sendmsg", out sent);
            }
        }
        finally
        {
            ControlMessages.ReleaseAll(descriptors, added);
        }
    }

    /// <summary><c>recvmsg(2)</c> with ancillary data, waiting while a non-blocking socket is empty. Received
    /// descriptors are close-on-exec (<c>MSG_CMSG_CLOEXEC</c>) and owned by handles in the result; timestamps, packet
    /// info, TOS/TTL, queued errors (<see cref="MessageFlags.ErrorQueue"/>) and GRO segment sizes come as typed
    /// values.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="maxDescriptors">The most <c>SCM_RIGHTS</c> descriptors delivered (0 to 253); extra ones are
    /// closed (by the kernel, or here when the control buffer's alignment let more in) and reported as
    /// <see cref="MessageFlags.ControlTruncated"/>.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    public ReceivedMessage ReceiveMessage(Span<byte> buffer, int maxDescriptors = 16, MessageFlags flags = MessageFlags.None, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(Handle, "recvmsg", timeout, cancellationToken, Libc.SO_RCVTIMEO);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.In);
            if (TryReceiveMessage(buffer, out ReceivedMessage? message, maxDescriptors, flags))
            {
                wait.ThrowIfDisposed();
                return message;
            }
            wait.AfterWouldBlock(PollEvents.In);
        }
    }

    /// <summary><c>recvmsg(2)</c> that never waits on a non-blocking socket; see <see cref="ReceiveMessage"/>.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="message">The byte count, flags, descriptors, credentials and sender.</param>
    /// <param name="maxDescriptors">The most <c>SCM_RIGHTS</c> descriptors delivered (0 to 253); extra ones are closed
    /// and reported as <see cref="MessageFlags.ControlTruncated"/>.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public unsafe bool TryReceiveMessage(Span<byte> buffer, [NotNullWhen(true)] out ReceivedMessage? message,
        int maxDescriptors = 16, MessageFlags flags = MessageFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDescriptors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDescriptors, ControlMessages.MaxDescriptors);
        if (buffer.IsEmpty && Options.Kind == SocketKind.Stream)
        {
            // On a datagram socket an empty buffer still receives a message's descriptors; on a stream it reads nothing.
            ReceiveBuffer.ThrowIfEmpty(buffer.Length, "recvmsg", nameof(buffer), flags);
        }
        // Room for credentials too (with SO_PASSCRED the kernel attaches them to every message) and, on an IP socket,
        // for every typed value; a Unix socket gets exactly the descriptor room asked for, as the kernel fills it all.
        int typedSpace = Domain == SocketDomain.Unix ? 0 : ControlMessages.TypedSpace;
        Span<byte> control = stackalloc byte[ControlMessages.Space(maxDescriptors, credentials: true) + typedSpace];
        control.Clear();
        sockaddr_storage storage;
        fixed (byte* dataPointer = buffer)
        fixed (byte* controlPointer = control)
        {
            iovec vector = new() { iov_base = dataPointer, iov_len = (nuint)buffer.Length };
            msghdr native = new()
            {
                msg_name = &storage,
                msg_namelen = (uint)sizeof(sockaddr_storage),
                msg_iov = &vector,
                msg_iovlen = 1,
                msg_control = controlPointer,
                msg_controllen = (nuint)control.Length,
            };
            nint r;
            using (DescriptorLease lease = new(Handle))
            {
                r = SystemCalls.RecvMsg(lease.Descriptor, &native, (int)(flags | MessageFlags.ControlCloseOnExec));
            }
            if (!SystemCalls.Completed(r, "recvmsg", out int received))
            {
                message = null;
                return false;
            }
            ReceivedControl found = ControlMessages.Read(&native);
            bool truncated = ControlMessages.KeepAtMost(ref found, maxDescriptors);
            EndPoint? sender = SocketAddressCodec.Decode(&storage, native.msg_namelen);
            MessageFlags returned = ((MessageFlags)native.msg_flags & ~MessageFlags.ControlCloseOnExec)
                | (truncated ? MessageFlags.ControlTruncated : MessageFlags.None);
            message = new ReceivedMessage(received, returned, found, sender);
            return true;
        }
    }
}
