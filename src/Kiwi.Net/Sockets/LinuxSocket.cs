using System;
using System.Net;
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
/// <para><b>Timeouts and cancellation.</b> Every blocking <c>X</c> takes a timeout and a
/// <see cref="System.Threading.CancellationToken"/>; with either it polls before each attempt, so even a
/// blocking-mode socket cannot wait past them (<see cref="TimeoutException"/>, <see cref="OperationCanceledException"/>),
/// except <c>connect(2)</c> itself on a blocking-mode socket, which the kernel finishes first.
/// Without them it honours <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>: the
/// kernel does on a blocking socket, the <c>poll</c> wait does on a non-blocking one.</para>
/// <para><b>Dispose during a call.</b> <see cref="Dispose"/> from another thread refuses new calls at once, wakes
/// calls waiting in <c>poll</c> and shuts the socket down (<c>shutdown(SHUT_RDWR)</c>) to end calls blocked in the
/// kernel; they end with <see cref="ObjectDisposedException"/> (or, for a send the shutdown cut short, the
/// <see cref="ErrnoException"/> it caused, e.g. <c>send: EPIPE</c>), and the descriptor closes when the last one
/// leaves (see <see cref="FileDescriptorHandle"/>).</para>
/// <para><b>Cost.</b> Every instance call takes and releases a reference on <see cref="Handle"/> and counts itself
/// in flight (so a concurrent <see cref="Dispose"/> can never close the descriptor under a call). Event loops that
/// own their descriptors may skip that with <see cref="RawDescriptor"/> on
/// <see cref="FileDescriptorHandle.DangerousGetDescriptor"/>.</para>
/// </remarks>
public sealed partial class LinuxSocket : IDisposable
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

    /// <summary>The socket's address family (<c>SO_DOMAIN</c>, read once: it never changes).</summary>
    private SocketDomain Domain => _domain ??= Options.Domain;

    private SocketDomain? _domain;

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
    public unsafe EndPoint? LocalEndPoint => AddressOf(&SystemCalls.GetSockName, "getsockname");

    /// <summary>The peer's address (<c>getpeername(2)</c>).</summary>
    /// <exception cref="ErrnoException"><c>ENOTCONN</c> when not connected.</exception>
    public unsafe EndPoint? RemoteEndPoint => AddressOf(&SystemCalls.GetPeerName, "getpeername");

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

    /// <summary>Closes the descriptor with <c>close(2)</c> (once; later calls do nothing).</summary>
    public void Dispose() => Handle.Dispose();

    /// <summary>The descriptor number (or "closed"), for logs.</summary>
    public override string ToString() => Handle.IsClosed ? "LinuxSocket(closed)" : $"LinuxSocket(fd {(int)Handle.DangerousGetHandle()})";

    // getsockname or getpeername into a sockaddr_storage, decoded.
    private unsafe EndPoint? AddressOf(delegate*<int, sockaddr*, uint*, int> call, string name)
    {
        sockaddr_storage storage;
        uint length = (uint)sizeof(sockaddr_storage);
        using DescriptorLease lease = new(Handle);
        SystemCalls.ThrowIfFailed(call(lease.Descriptor, (sockaddr*)&storage, &length), name);
        return SocketAddressCodec.Decode(&storage, length);
    }
}
