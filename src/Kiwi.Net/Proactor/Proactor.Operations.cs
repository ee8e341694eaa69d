using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace Kiwi.Net.Proactor;

// The operations, in two faces: a handler called on the ring thread, or a ValueTask to await.
public sealed unsafe partial class Proactor
{
    /// <summary>Accepts one connection with <c>IORING_OP_ACCEPT</c> (<c>accept4(2)</c>, close-on-exec); the
    /// handler's <see cref="ProactorCompletion.Result"/> is the new descriptor, which the handler owns.</summary>
    /// <param name="listener">A listening socket; referenced until the completion.</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    /// <exception cref="ObjectDisposedException">The Proactor or the listener is disposed.</exception>
    public void Accept(SocketHandle listener, CompletionHandler handler, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Submit(Prepare(ProactorOperationKind.Accept, listener, handler, state));
    }

    /// <summary>Accepts connections for as long as the kernel keeps the request armed, with <c>IORING_OP_ACCEPT</c>
    /// and <c>IORING_ACCEPT_MULTISHOT</c>: one completion per connection, each with
    /// <see cref="ProactorCompletion.HasMore"/> set while the request goes on. When a completion comes without it
    /// (an error, or the kernel stopped the request) the handler may submit a new one. Ends on dispose.</summary>
    /// <param name="listener">A listening socket; referenced until the final completion.</param>
    /// <param name="handler">Called on the ring thread for every connection.</param>
    /// <param name="state">Handed back in every completion.</param>
    /// <exception cref="NotSupportedException">The kernel has no multishot accept (<see cref="SupportsMultishotAccept"/>).</exception>
    /// <exception cref="ObjectDisposedException">The Proactor or the listener is disposed.</exception>
    public void AcceptMultishot(SocketHandle listener, CompletionHandler handler, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!SupportsMultishotAccept)
        {
            throw new NotSupportedException("this kernel has no multishot accept (IORING_ACCEPT_MULTISHOT needs Linux 5.19)");
        }
        ProactorOperation operation = Prepare(ProactorOperationKind.Accept, listener, handler, state);
        operation.SetMultishot();
        Submit(operation);
    }

    /// <summary>Connects <paramref name="socket"/> to <paramref name="remote"/> with <c>IORING_OP_CONNECT</c>
    /// (<c>connect(2)</c>); the result is 0 or <c>-errno</c> (<c>-ECONNREFUSED</c>).</summary>
    /// <param name="socket">A socket not yet connected; referenced until the completion.</param>
    /// <param name="remote">The peer's address (IPv4, IPv6 or Unix).</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    public void Connect(SocketHandle socket, EndPoint remote, CompletionHandler handler, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Submit(PrepareConnect(socket, remote, handler, state));
    }

    /// <summary>Receives into <paramref name="buffer"/> with <c>IORING_OP_RECV</c> (<c>recv(2)</c>); the result is
    /// the byte count (0: the peer shut down) or <c>-errno</c>. The buffer stays pinned until the completion.</summary>
    /// <param name="socket">A connected socket; referenced until the completion.</param>
    /// <param name="buffer">Where the bytes go; not to be touched until the completion.</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    /// <param name="flags"><c>MSG_*</c> flags, e.g. <see cref="MessageFlags.WaitAll"/>.</param>
    public void Receive(SocketHandle socket, Memory<byte> buffer, CompletionHandler handler, object? state = null,
        MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Submit(PrepareTransfer(ProactorOperationKind.Receive, socket, buffer, flags, handler, state));
    }

    /// <summary>Sends <paramref name="buffer"/> with <c>IORING_OP_SEND</c> (<c>send(2)</c>, always with
    /// <c>MSG_NOSIGNAL</c>); the result is the byte count or <c>-errno</c>. A stream socket may take fewer bytes
    /// than offered unless <see cref="MessageFlags.WaitAll"/> is given, with which the kernel retries the rest
    /// itself. The buffer stays pinned until the completion.</summary>
    /// <param name="socket">A connected socket; referenced until the completion.</param>
    /// <param name="buffer">The bytes to send; not to be changed until the completion.</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    public void Send(SocketHandle socket, ReadOnlyMemory<byte> buffer, CompletionHandler handler, object? state = null,
        MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Submit(PrepareTransfer(ProactorOperationKind.Send, socket, buffer, flags, handler, state));
    }

    /// <summary>Receives for as long as the kernel keeps the request armed, with <c>IORING_OP_RECV</c>,
    /// <c>IORING_RECV_MULTISHOT</c> and <c>IOSQE_BUFFER_SELECT</c> from <see cref="ProvidedBuffers"/>: one completion
    /// per arrival, its bytes in the provided buffer <see cref="ProactorCompletion.BufferId"/> (the handler gives it
    /// back with <see cref="ProvidedBufferRing.Return"/>, at once or after sending from it), with
    /// <see cref="ProactorCompletion.HasMore"/> while the request goes on. A completion without it ends the request:
    /// 0 (the peer shut down), <c>-errno</c>, <c>-ENOBUFS</c> (every buffer was held: return some and submit again),
    /// or bytes after which the kernel stopped. No buffer is pinned: the ring's memory never moves.</summary>
    /// <param name="socket">A connected socket; referenced until the final completion.</param>
    /// <param name="handler">Called on the ring thread for every arrival.</param>
    /// <param name="state">Handed back in every completion.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <exception cref="NotSupportedException">The ring has no provided buffers, or the kernel no multishot receive (<see cref="SupportsMultishotReceive"/>).</exception>
    /// <exception cref="ObjectDisposedException">The Proactor or the socket is disposed.</exception>
    public void ReceiveMultishot(SocketHandle socket, CompletionHandler handler, object? state = null, MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ProvidedBufferRing buffers = ProvidedBuffers ?? throw new NotSupportedException(
            "io_uring recv multishot: this Proactor has no provided buffers (set ProactorOptions.ProvidedBufferCount; IORING_REGISTER_PBUF_RING needs Linux 5.19)");
        if (!SupportsMultishotReceive)
        {
            throw new NotSupportedException("io_uring recv multishot: this kernel has no IORING_RECV_MULTISHOT (Linux 6.0)");
        }
        ProactorOperation operation = Prepare(ProactorOperationKind.Receive, socket, handler, state);
        operation.SetMultishot();
        operation.SelectBuffer(buffers.GroupId, flags);
        Submit(operation);
    }

    /// <summary>Sends <paramref name="length"/> bytes from offset <paramref name="offset"/> of provided buffer
    /// <paramref name="bufferId"/> with <c>IORING_OP_SEND</c> (<c>MSG_NOSIGNAL</c>), without pinning anything: the
    /// echo of a multishot receive. The buffer must stay held (not returned) until the completion.</summary>
    /// <param name="socket">A connected socket; referenced until the completion.</param>
    /// <param name="bufferId">A buffer of <see cref="ProvidedBuffers"/> the caller holds.</param>
    /// <param name="offset">Where the bytes start in it.</param>
    /// <param name="length">How many bytes.</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    /// <param name="flags"><c>MSG_*</c> flags, e.g. <see cref="MessageFlags.WaitAll"/>.</param>
    /// <exception cref="NotSupportedException">The ring has no provided buffers.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such buffer, or bytes outside it.</exception>
    public void SendProvided(SocketHandle socket, int bufferId, int offset, int length, CompletionHandler handler, object? state = null,
        MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ProvidedBufferRing buffers = ProvidedBuffers ?? throw new NotSupportedException("io_uring send: this Proactor has no provided buffers");
        buffers.CheckLength(bufferId, offset, length);
        ProactorOperation operation = Prepare(ProactorOperationKind.Send, socket, handler, state);
        operation.UseFixedMemory(buffers.AddressOf(bufferId) + offset, length, flags);
        Submit(operation);
    }

    /// <summary>Closes the descriptor of <paramref name="socket"/> with <c>IORING_OP_CLOSE</c> (<c>close(2)</c>).
    /// The handle gives up its descriptor at once (it is left closed and will not close the number again);
    /// operations still in flight on it keep the kernel's file open until they complete.</summary>
    /// <param name="socket">The socket to close; no other thread may be using it.</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    public void Close(SocketHandle socket, CompletionHandler handler, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Submit(PrepareClose(socket, handler, state));
    }

    /// <summary>Cancels every operation in flight on <paramref name="socket"/> (a multishot accept, a pending
    /// receive...) with <c>IORING_OP_ASYNC_CANCEL</c> and <c>IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL</c>
    /// (Linux 5.19). The cancelled operations complete with <c>-ECANCELED</c>; this one with how many there were.</summary>
    /// <param name="socket">The socket whose operations to cancel; referenced until the completion.</param>
    /// <param name="handler">Called on the ring thread.</param>
    /// <param name="state">Handed back in the completion.</param>
    public void Cancel(SocketHandle socket, CompletionHandler handler, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Submit(Prepare(ProactorOperationKind.Cancel, socket, handler, state));
    }

    /// <summary>Cancels every operation in flight on <paramref name="socket"/> (<c>IORING_OP_ASYNC_CANCEL</c> with
    /// <c>IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL</c>); their awaiters see an
    /// <see cref="OperationCanceledException"/>.</summary>
    /// <param name="socket">The socket whose operations to cancel.</param>
    /// <returns>How many operations were cancelled (0 when none was in flight).</returns>
    public ValueTask<int> CancelAsync(LinuxSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ProactorOperation operation = Prepare(ProactorOperationKind.Cancel, socket.Handle, null, null);
        return new ValueTask<int>(operation, SubmitAwaited(operation));
    }

    /// <summary>Accepts one connection with <c>IORING_OP_ACCEPT</c> (<c>accept4(2)</c>, close-on-exec).</summary>
    /// <param name="listener">A listening socket; referenced until the completion.</param>
    /// <returns>The accepted socket, which the caller owns.</returns>
    /// <exception cref="ErrnoException">The kernel failed the accept (<c>"io_uring accept: EMFILE"</c>).</exception>
    /// <exception cref="OperationCanceledException">The Proactor was disposed while waiting.</exception>
    public ValueTask<LinuxSocket> AcceptAsync(LinuxSocket listener)
        => AcceptAsync(listener, Timeout.InfiniteTimeSpan, CancellationToken.None);

    /// <summary>Accepts one connection with <c>IORING_OP_ACCEPT</c>, bounded by a timeout and a token.</summary>
    /// <param name="listener">A listening socket; referenced until the completion.</param>
    /// <param name="timeout">How long the kernel may take: a linked <c>IORING_OP_LINK_TIMEOUT</c>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">When it fires, <c>IORING_OP_ASYNC_CANCEL</c> matching this operation's <c>user_data</c>.</param>
    /// <returns>The accepted socket, which the caller owns.</returns>
    /// <exception cref="ErrnoException">The kernel failed the accept (<c>"io_uring accept: EMFILE"</c>).</exception>
    /// <exception cref="OperationCanceledException">The token fired (at once, with nothing submitted, when it already had), or the Proactor was disposed.</exception>
    /// <exception cref="TimeoutException">The timeout passed first (the kernel ended the operation with <c>-ECANCELED</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is neither positive nor infinite.</exception>
    public ValueTask<LinuxSocket> AcceptAsync(LinuxSocket listener, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listener);
        CheckTimeout(timeout);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<LinuxSocket>(cancellationToken);
        }
        ProactorOperation operation = Prepare(ProactorOperationKind.Accept, listener.Handle, null, null);
        operation.SetLimits(cancellationToken, timeout);
        return new ValueTask<LinuxSocket>(operation, SubmitAwaited(operation));
    }

    /// <summary>Connects with <c>IORING_OP_CONNECT</c> (<c>connect(2)</c>).</summary>
    /// <param name="socket">A socket not yet connected; referenced until the completion.</param>
    /// <param name="remote">The peer's address.</param>
    /// <exception cref="ErrnoException">The connection failed (<c>"io_uring connect: ECONNREFUSED"</c>).</exception>
    /// <exception cref="OperationCanceledException">The Proactor was disposed while waiting.</exception>
    public ValueTask ConnectAsync(LinuxSocket socket, EndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ProactorOperation operation = PrepareConnect(socket.Handle, remote, null, null);
        return new ValueTask(operation, SubmitAwaited(operation));
    }

    /// <summary>Receives with <c>IORING_OP_RECV</c> (<c>recv(2)</c>); the buffer stays pinned until the completion.</summary>
    /// <param name="socket">A connected socket; referenced until the completion.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>Bytes received; 0 when the peer shut down.</returns>
    /// <exception cref="ErrnoException">The receive failed (<c>"io_uring recv: ECONNRESET"</c>).</exception>
    /// <exception cref="OperationCanceledException">The Proactor was disposed while waiting.</exception>
    public ValueTask<int> ReceiveAsync(LinuxSocket socket, Memory<byte> buffer, MessageFlags flags = MessageFlags.None)
        => ReceiveAsync(socket, buffer, Timeout.InfiniteTimeSpan, CancellationToken.None, flags);

    /// <summary>Receives with <c>IORING_OP_RECV</c>, bounded by a timeout and a token. Bytes that arrive before the
    /// cancel takes effect are delivered, not lost.</summary>
    /// <param name="socket">A connected socket; referenced until the completion.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">How long the kernel may take: a linked <c>IORING_OP_LINK_TIMEOUT</c>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">When it fires, <c>IORING_OP_ASYNC_CANCEL</c> matching this operation's <c>user_data</c>.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>Bytes received; 0 when the peer shut down.</returns>
    /// <exception cref="ErrnoException">The receive failed (<c>"io_uring recv: ECONNRESET"</c>).</exception>
    /// <exception cref="OperationCanceledException">The token fired (at once, with nothing submitted, when it already had), or the Proactor was disposed.</exception>
    /// <exception cref="TimeoutException">The timeout passed first (the kernel ended the operation with <c>-ECANCELED</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is neither positive nor infinite.</exception>
    public ValueTask<int> ReceiveAsync(LinuxSocket socket, Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken,
        MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(socket);
        CheckTimeout(timeout);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        ProactorOperation operation = PrepareTransfer(ProactorOperationKind.Receive, socket.Handle, buffer, flags, null, null);
        operation.SetLimits(cancellationToken, timeout);
        return new ValueTask<int>(operation, SubmitAwaited(operation));
    }

    /// <summary>Sends with <c>IORING_OP_SEND</c> (<c>send(2)</c>, <c>MSG_NOSIGNAL</c>); the buffer stays pinned
    /// until the completion. Pass <see cref="MessageFlags.WaitAll"/> to have the kernel send all of it.</summary>
    /// <param name="socket">A connected socket; referenced until the completion.</param>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>Bytes sent.</returns>
    /// <exception cref="ErrnoException">The send failed (<c>"io_uring send: EPIPE"</c>).</exception>
    /// <exception cref="OperationCanceledException">The Proactor was disposed while waiting.</exception>
    public ValueTask<int> SendAsync(LinuxSocket socket, ReadOnlyMemory<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ProactorOperation operation = PrepareTransfer(ProactorOperationKind.Send, socket.Handle, buffer, flags, null, null);
        return new ValueTask<int>(operation, SubmitAwaited(operation));
    }

    /// <summary>Closes the socket's descriptor with <c>IORING_OP_CLOSE</c> (<c>close(2)</c>); the socket's handle
    /// gives it up at once, so disposing the socket afterwards does nothing.</summary>
    /// <param name="socket">The socket to close; no other thread may be using it.</param>
    /// <exception cref="ErrnoException">The close failed.</exception>
    public ValueTask CloseAsync(LinuxSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ProactorOperation operation = PrepareClose(socket.Handle, null, null);
        return new ValueTask(operation, SubmitAwaited(operation));
    }

    private static void CheckTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "io_uring link timeout: must be positive or Timeout.InfiniteTimeSpan");
        }
    }

    /// <summary>Submits an operation for the await face and returns the version its ValueTask must carry, read
    /// before submission (once submitted, the operation belongs to the ring thread).</summary>
    private short SubmitAwaited(ProactorOperation operation)
    {
        short version = operation.Version;
        Submit(operation);
        return version;
    }

    private ProactorOperation Prepare(ProactorOperationKind kind, SocketHandle socket, CompletionHandler? handler, object? state)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ProactorOperation operation = RentOperation();
        try
        {
            operation.Begin(kind, socket, handler, state);
        }
        catch
        {
            operation.Recycle();
            throw;
        }
        return operation;
    }

    private ProactorOperation PrepareTransfer(ProactorOperationKind kind, SocketHandle socket, ReadOnlyMemory<byte> buffer,
        MessageFlags flags, CompletionHandler? handler, object? state)
    {
        ProactorOperation operation = Prepare(kind, socket, handler, state);
        try
        {
            operation.Pin(buffer, flags);
        }
        catch
        {
            operation.ReleaseResources();
            operation.Recycle();
            throw;
        }
        return operation;
    }

    private ProactorOperation PrepareConnect(SocketHandle socket, EndPoint remote, CompletionHandler? handler, object? state)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ProactorOperation operation = Prepare(ProactorOperationKind.Connect, socket, handler, state);
        try
        {
            operation.SetAddress(remote);
        }
        catch
        {
            operation.ReleaseResources();
            operation.Recycle();
            throw;
        }
        return operation;
    }

    private ProactorOperation PrepareClose(SocketHandle socket, CompletionHandler? handler, object? state)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ProactorOperation operation = RentOperation();
        // The number moves to the operation; the handle is left closed so it never closes the number a second time.
        int descriptor = socket.DangerousGetDescriptor();
        socket.SetHandleAsInvalid();
        operation.Begin(ProactorOperationKind.Close, descriptor, handler, state);
        return operation;
    }
}
