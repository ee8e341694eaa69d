using System;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

/// <summary>
/// A Linux socket on a raw descriptor: every call of the BSD socket API, named so that it can be imported beside
/// <c>System.Net.Sockets</c>. The descriptor is owned by <see cref="Handle"/>.
/// </summary>
/// <remarks>
/// <para><b>Blocking and non-blocking.</b> Each transfer comes in two forms. <c>TryX</c> never waits on a
/// non-blocking socket: it returns false for <c>EAGAIN</c>, never throws for it, and allocates nothing.
/// <c>X</c> always completes: on a non-blocking socket that says <c>EAGAIN</c> it waits with <c>poll(2)</c> and
/// retries, so the blocking style works whatever the descriptor's mode. Neither sees <c>EINTR</c> (the shim retries
/// it); any other error is an <see cref="ErrnoException"/> naming the call.</para>
/// <para><b>Cost.</b> Every instance call takes and releases a reference on <see cref="Handle"/> (so a concurrent
/// <see cref="Dispose"/> can never close the descriptor under a call). Event loops that own their descriptors may
/// skip that with <see cref="RawDescriptor"/> on <see cref="FileDescriptorHandle.DangerousGetDescriptor"/>.</para>
/// </remarks>
public sealed class LinuxSocket : IDisposable
{
    /// <summary>Wraps an owning socket handle.</summary>
    /// <param name="handle">The socket's descriptor; this object disposes it.</param>
    public LinuxSocket(SocketHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Handle = handle;
        Options = new SocketOptions(handle);
    }

    /// <summary>The handle that owns the descriptor.</summary>
    public SocketHandle Handle { get; }

    /// <summary>The typed socket options (<c>getsockopt</c>/<c>setsockopt</c>).</summary>
    public SocketOptions Options { get; }

    /// <summary>Creates a socket with <c>socket(2)</c>.</summary>
    /// <param name="domain"><c>AF_INET</c>, <c>AF_INET6</c> or <c>AF_UNIX</c>.</param>
    /// <param name="kind"><c>SOCK_STREAM</c>, <c>SOCK_DGRAM</c> or <c>SOCK_SEQPACKET</c>.</param>
    /// <param name="flags"><c>SOCK_NONBLOCK</c>/<c>SOCK_CLOEXEC</c>; close-on-exec by default.</param>
    /// <param name="protocol">The protocol; 0 picks the default for the domain and kind.</param>
    public static LinuxSocket Create(SocketDomain domain, SocketKind kind,
        SocketCreationFlags flags = SocketCreationFlags.CloseOnExec, int protocol = 0)
    {
        SocketHandle handle = new();
        int fd = SystemCalls.Socket((int)domain, (int)kind | (int)flags, protocol);
        if (fd < 0)
        {
            handle.Dispose();
            ErrnoException.Throw("socket", -fd);
        }
        handle.SetDescriptor(fd);
        return new LinuxSocket(handle);
    }

    /// <summary>Creates a connected pair of Unix sockets with <c>socketpair(2)</c>.</summary>
    /// <param name="kind">Stream, datagram or seqpacket.</param>
    /// <param name="flags"><c>SOCK_NONBLOCK</c>/<c>SOCK_CLOEXEC</c> for both; close-on-exec by default.</param>
    /// <returns>Both ends; the caller disposes both.</returns>
    public static unsafe (LinuxSocket First, LinuxSocket Second) CreatePair(SocketKind kind,
        SocketCreationFlags flags = SocketCreationFlags.CloseOnExec)
    {
        SocketHandle first = new();
        SocketHandle second = new();
        int* fds = stackalloc int[2];
        int r = SystemCalls.SocketPair(Libc.AF_UNIX, (int)kind | (int)flags, 0, fds);
        if (r < 0)
        {
            first.Dispose();
            second.Dispose();
            ErrnoException.Throw("socketpair", -r);
        }
        first.SetDescriptor(fds[0]);
        second.SetDescriptor(fds[1]);
        return (new LinuxSocket(first), new LinuxSocket(second));
    }

    /// <summary>Takes ownership of a descriptor received as a plain <see cref="FileDescriptorHandle"/> (e.g. with
    /// <c>SCM_RIGHTS</c>): <paramref name="handle"/> is left closed without closing the descriptor.</summary>
    /// <param name="handle">A handle holding a socket descriptor, used by no other thread.</param>
    public static LinuxSocket Adopt(FileDescriptorHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        SocketHandle socketHandle = new();
        socketHandle.SetDescriptor(handle.DangerousGetDescriptor());
        handle.SetHandleAsInvalid();
        return new LinuxSocket(socketHandle);
    }

    /// <summary>Binds the socket to a local address with <c>bind(2)</c>.</summary>
    /// <param name="endPoint">An <see cref="IPEndPoint"/> (port 0 lets the kernel choose) or a
    /// <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/> (a path, or an abstract name starting with <c>'\0'</c>).</param>
    public unsafe void Bind(EndPoint endPoint)
    {
        sockaddr_storage storage;
        uint length = SocketAddressCodec.Encode(endPoint, &storage);
        using DescriptorLease lease = new(Handle);
        SystemCalls.ThrowIfFailed(SystemCalls.Bind(lease.Descriptor, (sockaddr*)&storage, length), "bind");
    }

    /// <summary>Marks the socket as passive with <c>listen(2)</c>.</summary>
    /// <param name="backlog">The length of the queue of completed connections not yet accepted.</param>
    public void Listen(int backlog)
    {
        using DescriptorLease lease = new(Handle);
        SystemCalls.ThrowIfFailed(SystemCalls.Listen(lease.Descriptor, backlog), "listen");
    }

    /// <summary>Accepts a connection with <c>accept4(2)</c>, waiting for one (with <c>poll</c> on a non-blocking
    /// listener).</summary>
    /// <param name="flags">Flags for the new socket; close-on-exec by default.</param>
    public LinuxSocket Accept(SocketCreationFlags flags = SocketCreationFlags.CloseOnExec) => Accept(out _, flags);

    /// <summary>Accepts a connection with <c>accept4(2)</c> and reports the peer's address.</summary>
    /// <param name="remoteEndPoint">The peer's address.</param>
    /// <param name="flags">Flags for the new socket; close-on-exec by default.</param>
    public LinuxSocket Accept(out EndPoint? remoteEndPoint, SocketCreationFlags flags = SocketCreationFlags.CloseOnExec)
    {
        while (true)
        {
            if (TryAccept(out LinuxSocket? accepted, out remoteEndPoint, flags))
            {
                return accepted;
            }
            WaitFor(PollEvents.In);
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
    public void Connect(EndPoint endPoint)
    {
        if (StartConnect(endPoint))
        {
            return;
        }
        while (!FinishConnect())
        {
            WaitFor(PollEvents.Out);
        }
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

    /// <summary><c>send(2)</c>, waiting (with <c>poll</c>) while a non-blocking socket is full.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags, e.g. <see cref="MessageFlags.OutOfBand"/>.</param>
    /// <returns>Bytes sent (a stream socket may take fewer than offered; see <see cref="SendAll"/>).</returns>
    public int Send(ReadOnlySpan<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        while (true)
        {
            if (TrySend(buffer, out int sent, flags))
            {
                return sent;
            }
            WaitFor(PollEvents.Out);
        }
    }

    /// <summary>Sends every byte of <paramref name="buffer"/>, calling <c>send(2)</c> until done.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    public void SendAll(ReadOnlySpan<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Send(buffer, flags)..];
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
    /// <returns>Bytes received; 0 when the peer has shut down its sending side.</returns>
    public int Receive(Span<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        while (true)
        {
            if (TryReceive(buffer, out int received, flags))
            {
                return received;
            }
            WaitFor((flags & MessageFlags.OutOfBand) != 0 ? PollEvents.Priority : PollEvents.In);
        }
    }

    /// <summary><c>recv(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="received">Bytes received; 0 when the peer has shut down its sending side.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public bool TryReceive(Span<byte> buffer, out int received, MessageFlags flags = MessageFlags.None)
    {
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.Receive(lease.Descriptor, buffer, flags), "recv", out received);
    }

    /// <summary><c>sendto(2)</c>: sends a datagram to <paramref name="endPoint"/>, waiting while a non-blocking
    /// socket is full.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="endPoint">The destination.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>Bytes sent.</returns>
    public int SendTo(ReadOnlySpan<byte> buffer, EndPoint endPoint, MessageFlags flags = MessageFlags.None)
    {
        while (true)
        {
            if (TrySendTo(buffer, endPoint, out int sent, flags))
            {
                return sent;
            }
            WaitFor(PollEvents.Out);
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
    /// <returns>Bytes received.</returns>
    public int ReceiveFrom(Span<byte> buffer, out EndPoint? remoteEndPoint, MessageFlags flags = MessageFlags.None)
    {
        while (true)
        {
            if (TryReceiveFrom(buffer, out int received, out remoteEndPoint, flags))
            {
                return received;
            }
            WaitFor(PollEvents.In);
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

    /// <summary><c>readv(2)</c>: fills the buffers in order, waiting while a non-blocking socket is empty.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <returns>Bytes read across all buffers; 0 at end of stream.</returns>
    public int ReadVector(ReadOnlySpan<Memory<byte>> buffers)
    {
        while (true)
        {
            if (TryReadVector(buffers, out int read))
            {
                return read;
            }
            WaitFor(PollEvents.In);
        }
    }

    /// <summary><c>readv(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <param name="bytesRead">Bytes read across all buffers; 0 at end of stream.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public unsafe bool TryReadVector(ReadOnlySpan<Memory<byte>> buffers, out int bytesRead)
    {
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
    /// <returns>Bytes written across all buffers (a stream socket may take fewer than offered).</returns>
    public int WriteVector(ReadOnlySpan<ReadOnlyMemory<byte>> buffers)
    {
        while (true)
        {
            if (TryWriteVector(buffers, out int written))
            {
                return written;
            }
            WaitFor(PollEvents.Out);
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

    /// <summary><c>sendmsg(2)</c> with ancillary data: passes descriptors (<c>SCM_RIGHTS</c>) and/or credentials
    /// (<c>SCM_CREDENTIALS</c>) over a Unix socket, waiting while a non-blocking socket is full.</summary>
    /// <param name="data">The bytes to send (at least one byte for a stream socket to carry control data).</param>
    /// <param name="descriptors">Descriptors the receiver gets copies of (at most 253); they stay open here.</param>
    /// <param name="credentials">Credentials to send; an unprivileged process may send only its own
    /// (<see cref="UnixCredentials.OfThisProcess"/>).</param>
    /// <param name="destination">The address for an unconnected datagram socket; null when connected.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>Bytes of <paramref name="data"/> sent.</returns>
    public int SendMessage(ReadOnlySpan<byte> data, ReadOnlySpan<FileDescriptorHandle> descriptors = default,
        UnixCredentials? credentials = null, EndPoint? destination = null, MessageFlags flags = MessageFlags.None)
    {
        while (true)
        {
            if (TrySendMessage(data, out int sent, descriptors, credentials, destination, flags))
            {
                return sent;
            }
            WaitFor(PollEvents.Out);
        }
    }

    /// <summary><c>sendmsg(2)</c> that never waits on a non-blocking socket; see <see cref="SendMessage"/>.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="sent">Bytes of <paramref name="data"/> sent.</param>
    /// <param name="descriptors">Descriptors to pass (at most 253).</param>
    /// <param name="credentials">Credentials to send.</param>
    /// <param name="destination">The address for an unconnected datagram socket.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket cannot take the message now (<c>EAGAIN</c>).</returns>
    public unsafe bool TrySendMessage(ReadOnlySpan<byte> data, out int sent, ReadOnlySpan<FileDescriptorHandle> descriptors = default,
        UnixCredentials? credentials = null, EndPoint? destination = null, MessageFlags flags = MessageFlags.None)
    {
        if (descriptors.Length > ControlMessages.MaxDescriptors)
        {
            throw new ArgumentOutOfRangeException(nameof(descriptors), descriptors.Length,
                $"SCM_RIGHTS carries at most {ControlMessages.MaxDescriptors} descriptors.");
        }
        Span<int> numbers = stackalloc int[descriptors.Length];
        Span<byte> control = stackalloc byte[ControlMessages.Space(descriptors.Length, credentials.HasValue)];
        control.Clear();
        sockaddr_storage storage;
        int added = 0;
        try
        {
            ControlMessages.AddRefAll(descriptors, numbers, ref added);
            fixed (byte* dataPointer = data)
            fixed (byte* controlPointer = control)
            {
                iovec vector = new() { iov_base = dataPointer, iov_len = (nuint)data.Length };
                msghdr message = new()
                {
                    msg_iov = &vector,
                    msg_iovlen = 1,
                    msg_control = control.IsEmpty ? null : controlPointer,
                    msg_controllen = (nuint)control.Length,
                };
                if (destination is not null)
                {
                    message.msg_namelen = SocketAddressCodec.Encode(destination, &storage);
                    message.msg_name = &storage;
                }
                if (!control.IsEmpty)
                {
                    ControlMessages.Write(&message, numbers, credentials);
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
    /// descriptors are close-on-exec (<c>MSG_CMSG_CLOEXEC</c>) and owned by handles in the result.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="maxDescriptors">Room for at least this many <c>SCM_RIGHTS</c> descriptors (alignment of the control
    /// buffer may fit one more; the kernel closes extra
    /// ones and reports <see cref="MessageFlags.ControlTruncated"/>).</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    public ReceivedMessage ReceiveMessage(Span<byte> buffer, int maxDescriptors = 16, MessageFlags flags = MessageFlags.None)
    {
        while (true)
        {
            if (TryReceiveMessage(buffer, out ReceivedMessage? message, maxDescriptors, flags))
            {
                return message;
            }
            WaitFor(PollEvents.In);
        }
    }

    /// <summary><c>recvmsg(2)</c> that never waits on a non-blocking socket; see <see cref="ReceiveMessage"/>.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="message">The byte count, flags, descriptors, credentials and sender.</param>
    /// <param name="maxDescriptors">Room for this many <c>SCM_RIGHTS</c> descriptors (at most 253).</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public unsafe bool TryReceiveMessage(Span<byte> buffer, [NotNullWhen(true)] out ReceivedMessage? message,
        int maxDescriptors = 16, MessageFlags flags = MessageFlags.None)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDescriptors);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDescriptors, ControlMessages.MaxDescriptors);
        // Room for credentials too: with SO_PASSCRED the kernel attaches them to every message.
        Span<byte> control = stackalloc byte[ControlMessages.Space(maxDescriptors, credentials: true)];
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
            var (descriptors, credentials) = ControlMessages.Read(&native);
            EndPoint? sender = SocketAddressCodec.Decode(&storage, native.msg_namelen);
            message = new ReceivedMessage(received, (MessageFlags)native.msg_flags, descriptors, credentials, sender);
            return true;
        }
    }

    /// <summary>Closes one or both directions with <c>shutdown(2)</c>; <see cref="ShutdownHow.Write"/> is a
    /// half-close: the peer reads end of stream, this side can still receive.</summary>
    /// <param name="how">Which direction.</param>
    public void Shutdown(ShutdownHow how)
    {
        using DescriptorLease lease = new(Handle);
        SystemCalls.ThrowIfFailed(SystemCalls.Shutdown(lease.Descriptor, (int)how), "shutdown");
    }

    /// <summary>The local address (<c>getsockname(2)</c>): an <see cref="IPEndPoint"/> or a
    /// <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/> (empty path when unnamed).</summary>
    public unsafe EndPoint? LocalEndPoint
    {
        get
        {
            sockaddr_storage storage;
            uint length = (uint)sizeof(sockaddr_storage);
            using DescriptorLease lease = new(Handle);
            SystemCalls.ThrowIfFailed(SystemCalls.GetSockName(lease.Descriptor, (sockaddr*)&storage, &length), "getsockname");
            return SocketAddressCodec.Decode(&storage, length);
        }
    }

    /// <summary>The peer's address (<c>getpeername(2)</c>).</summary>
    /// <exception cref="ErrnoException"><c>ENOTCONN</c> when not connected.</exception>
    public unsafe EndPoint? RemoteEndPoint
    {
        get
        {
            sockaddr_storage storage;
            uint length = (uint)sizeof(sockaddr_storage);
            using DescriptorLease lease = new(Handle);
            SystemCalls.ThrowIfFailed(SystemCalls.GetPeerName(lease.Descriptor, (sockaddr*)&storage, &length), "getpeername");
            return SocketAddressCodec.Decode(&storage, length);
        }
    }

    /// <summary>Whether the socket is non-blocking (<c>O_NONBLOCK</c> through <c>fcntl</c>).</summary>
    public bool IsNonBlocking
    {
        get => Handle.IsNonBlocking;
        set => Handle.IsNonBlocking = value;
    }

    /// <summary><c>sockatmark(3)</c>: whether the next byte to read is the urgent (out-of-band) mark.</summary>
    public bool IsAtMark()
    {
        using DescriptorLease lease = new(Handle);
        return SystemCalls.ThrowIfFailed(SystemCalls.SockAtMark(lease.Descriptor), "sockatmark") == 1;
    }

    /// <summary>Duplicates the socket (<c>fcntl(F_DUPFD_CLOEXEC)</c>) onto the lowest free number ≥
    /// <paramref name="minimumDescriptor"/>; both refer to the same socket.</summary>
    /// <param name="minimumDescriptor">The lowest number the copy may take.</param>
    public LinuxSocket Duplicate(int minimumDescriptor = 0) => Adopt(Handle.Duplicate(minimumDescriptor));

    /// <summary>Closes the descriptor (once; later calls do nothing).</summary>
    public void Dispose() => Handle.Dispose();

    /// <summary>The descriptor number (or "closed"), for logs.</summary>
    public override string ToString() => Handle.IsClosed ? "LinuxSocket(closed)" : $"LinuxSocket(fd {(int)Handle.DangerousGetHandle()})";

    private void WaitFor(PollEvents events)
    {
        using DescriptorLease lease = new(Handle);
        RawDescriptor.WaitFor(lease.Descriptor, events);
    }
}
