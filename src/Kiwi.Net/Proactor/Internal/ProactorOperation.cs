using System;
using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using Kiwi.Interop;

namespace Kiwi.Net.Proactor;

/// <summary>
/// One submitted operation: what the submission entry needs (descriptor, pinned buffer, socket address), the
/// handler or the awaiter to complete, and the resources to give back when the kernel is done. Pooled by its
/// <see cref="Proactor"/>: an awaited operation returns to the pool when its result is read, a handled one just
/// before its handler runs, so steady-state traffic allocates nothing.
/// </summary>
internal sealed unsafe class ProactorOperation : IValueTaskSource<int>, IValueTaskSource, IValueTaskSource<LinuxSocket>
{
    private readonly Proactor _owner;
    // sockaddr for connect; on the pinned object heap so the kernel can read it until the completion.
    private readonly byte[] _address = GC.AllocateArray<byte>(sizeof(sockaddr_storage), pinned: true);
    private ManualResetValueTaskSourceCore<int> _core;
    private SafeHandle? _handle;
    private bool _addedRef;
    private MemoryHandle _pin;
    private bool _pinned;
    private byte* _buffer;
    private uint _length;
    private uint _addressLength;
    private int _messageFlags;
    // recvmsg/sendmsg: the batch whose native msghdr of slot _slot the kernel uses until the completion.
    private DatagramBatch? _batch;
    private int _slot;
    // The provided buffer group a receive selects from (IOSQE_BUFFER_SELECT), or -1.
    private int _bufferGroup = -1;
    // Set when the kernel never confirmed the end of the operation: the pin is kept for good, the object never reused.
    private bool _abandoned;
    // Token and link timeout: only the *Async overloads that take them set these; the rest never touch them.
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;
    private bool _cancelRequested;
    private TimeSpan _timeout;
    // The link timeout's __kernel_timespec: pinned (the kernel reads it at submission), made on first use only.
    private byte[]? _timespec;

    public ProactorOperation(Proactor owner, bool runContinuationsAsynchronously)
    {
        _owner = owner;
        _core.RunContinuationsAsynchronously = runContinuationsAsynchronously;
    }

    public ProactorOperationKind Kind { get; private set; }

    public int Descriptor { get; private set; }

    public bool Multishot { get; private set; }

    public CompletionHandler? Handler { get; private set; }

    /// <summary>The <c>user_data</c> of the submission entry, set by the ring thread when it starts the operation.</summary>
    public ulong UserData { get; set; }

    /// <summary>True when a linked <c>IORING_OP_LINK_TIMEOUT</c> follows this operation's entry.</summary>
    public bool HasTimeout => _timeout > TimeSpan.Zero;

    public object? State { get; private set; }

    /// <summary>The version an awaiter's <see cref="ValueTask"/> must carry.</summary>
    public short Version => _core.Version;

    /// <summary>Takes a reference on <paramref name="handle"/> for the life of the operation, so that the
    /// descriptor cannot be closed and its number reused while the kernel still works on it.</summary>
    /// <exception cref="ObjectDisposedException">The handle is already closed.</exception>
    public void Begin(ProactorOperationKind kind, SafeHandle handle, CompletionHandler? handler, object? state)
    {
        handle.DangerousAddRef(ref _addedRef);
        _handle = handle;
        Begin(kind, (int)handle.DangerousGetHandle(), handler, state);
    }

    /// <summary>Starts an operation on a bare descriptor number (close: the handle has already let go of it).</summary>
    public void Begin(ProactorOperationKind kind, int descriptor, CompletionHandler? handler, object? state)
    {
        Kind = kind;
        Descriptor = descriptor;
        Handler = handler;
        State = state;
        Multishot = false;
        _messageFlags = 0;
        _bufferGroup = -1;
        UserData = 0;
        _cancellationToken = default;
        _cancelRequested = false;
        _timeout = TimeSpan.Zero;
    }

    /// <summary>Sets the token to watch once submitted and the timeout (<see cref="Timeout.InfiniteTimeSpan"/>: none).</summary>
    public void SetLimits(CancellationToken cancellationToken, TimeSpan timeout)
    {
        _cancellationToken = cancellationToken;
        _timeout = timeout == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : timeout;
    }

    /// <summary>On the ring thread, once started: a fired token asks the ring thread to cancel this very operation.
    /// A token that has already fired calls back at once, which queues the request all the same.</summary>
    public void WatchCancellation()
    {
        if (_cancellationToken.CanBeCanceled)
        {
            _registration = _cancellationToken.UnsafeRegister(
                static request => ((CancelRequest)request!).Operation._owner.RequestCancel((CancelRequest)request!),
                new CancelRequest(this, Version));
        }
    }

    /// <summary>On the ring thread, just before its <c>IORING_OP_ASYNC_CANCEL</c> is submitted.</summary>
    public void MarkCancelRequested() => _cancelRequested = true;

    /// <summary>Writes the <c>IORING_OP_LINK_TIMEOUT</c> entry that follows this operation's (linked) entry.</summary>
    public void FillLinkTimeout(io_uring_sqe* sqe)
    {
        _timespec ??= GC.AllocateArray<byte>(sizeof(__kernel_timespec), pinned: true);
        __kernel_timespec* timespec = (__kernel_timespec*)Pointer(_timespec);
        long ticks = _timeout.Ticks;
        timespec->tv_sec = ticks / TimeSpan.TicksPerSecond;
        timespec->tv_nsec = ticks % TimeSpan.TicksPerSecond * 100;
        sqe->opcode = Libc.IORING_OP_LINK_TIMEOUT;
        sqe->addr = (ulong)timespec;
        sqe->len = 1;
    }

    public void SetMultishot() => Multishot = true;

    /// <summary>Pins <paramref name="buffer"/> until the completion (<see cref="Memory{T}.Pin"/>).</summary>
    public void Pin(ReadOnlyMemory<byte> buffer, MessageFlags flags)
    {
        _pin = buffer.Pin();
        _pinned = true;
        _buffer = (byte*)_pin.Pointer;
        _length = (uint)buffer.Length;
        _messageFlags = (int)flags;
    }

    /// <summary>Uses slot <paramref name="slot"/> of <paramref name="batch"/> (native memory: nothing to pin) for
    /// recvmsg/sendmsg, readied for the direction of <see cref="Kind"/>.</summary>
    public void SetMessage(DatagramBatch batch, int slot, MessageFlags flags)
    {
        _buffer = (byte*)(Kind == ProactorOperationKind.ReceiveMessage ? batch.PrepareReceive(slot) : batch.PrepareSend(slot));
        _batch = batch;
        _slot = slot;
        _messageFlags = (int)flags;
    }

    /// <summary>Receives into a buffer the kernel selects from provided buffer group <paramref name="group"/>
    /// (<c>IOSQE_BUFFER_SELECT</c>): nothing to pin.</summary>
    public void SelectBuffer(ushort group, MessageFlags flags)
    {
        _bufferGroup = group;
        _messageFlags = (int)flags;
    }

    /// <summary>Uses memory that never moves (a provided buffer): nothing to pin.</summary>
    public void UseFixedMemory(byte* buffer, int length, MessageFlags flags)
    {
        _buffer = buffer;
        _length = (uint)length;
        _messageFlags = (int)flags;
    }

    /// <summary>Encodes the peer address of a connect into this operation's pinned <c>sockaddr_storage</c>.</summary>
    public void SetAddress(EndPoint endPoint)
    {
        fixed (byte* storage = _address)
        {
            _addressLength = SocketAddressCodec.Encode(endPoint, (sockaddr_storage*)storage);
        }
    }

    /// <summary>Writes the submission entry for this operation (everything but <c>user_data</c>).</summary>
    public void Fill(io_uring_sqe* sqe)
    {
        sqe->fd = Descriptor;
        switch (Kind)
        {
            case ProactorOperationKind.Accept:
                sqe->opcode = Libc.IORING_OP_ACCEPT;
                // No peer address: addr and addr2 stay 0. The new descriptor is close-on-exec like every Kiwi descriptor.
                sqe->accept_flags = Libc.SOCK_CLOEXEC;
                sqe->ioprio = Multishot ? (ushort)Libc.IORING_ACCEPT_MULTISHOT : (ushort)0;
                break;
            case ProactorOperationKind.Connect:
                sqe->opcode = Libc.IORING_OP_CONNECT;
                sqe->addr = (ulong)Pointer(_address);
                // The kernel reads connect's address length from the addr2/off union.
                sqe->off = _addressLength;
                break;
            case ProactorOperationKind.Receive:
                sqe->opcode = Libc.IORING_OP_RECV;
                sqe->msg_flags = (uint)_messageFlags;
                if (_bufferGroup >= 0)
                {
                    // addr and len stay 0: the kernel picks a buffer of the group when data arrives.
                    sqe->flags |= Libc.IOSQE_BUFFER_SELECT;
                    sqe->buf_group = (ushort)_bufferGroup;
                    sqe->ioprio = Multishot ? (ushort)Libc.IORING_RECV_MULTISHOT : (ushort)0;
                }
                else
                {
                    sqe->addr = (ulong)_buffer;
                    sqe->len = _length;
                }
                break;
            case ProactorOperationKind.Send:
                sqe->opcode = Libc.IORING_OP_SEND;
                sqe->addr = (ulong)_buffer;
                sqe->len = _length;
                // A peer that went away is an EPIPE result, never a SIGPIPE.
                sqe->msg_flags = (uint)(_messageFlags | Libc.MSG_NOSIGNAL);
                break;
            case ProactorOperationKind.Close:
                sqe->opcode = Libc.IORING_OP_CLOSE;
                break;
            case ProactorOperationKind.ReceiveMessage:
                sqe->opcode = Libc.IORING_OP_RECVMSG;
                sqe->addr = (ulong)_buffer;
                sqe->len = 1;
                sqe->msg_flags = (uint)(_messageFlags | Libc.MSG_CMSG_CLOEXEC);
                break;
            case ProactorOperationKind.SendMessage:
                sqe->opcode = Libc.IORING_OP_SENDMSG;
                sqe->addr = (ulong)_buffer;
                sqe->len = 1;
                sqe->msg_flags = (uint)(_messageFlags | Libc.MSG_NOSIGNAL);
                break;
            case ProactorOperationKind.Cancel:
                sqe->opcode = Libc.IORING_OP_ASYNC_CANCEL;
                // Match by descriptor rather than by user_data, and every match rather than the first.
                sqe->cancel_flags = Libc.IORING_ASYNC_CANCEL_FD | Libc.IORING_ASYNC_CANCEL_ALL;
                break;
        }
    }

    /// <summary>Unpins the buffer and releases the handle reference: only once the kernel has let go.</summary>
    public void ReleaseResources()
    {
        if (_pinned)
        {
            _pinned = false;
            _buffer = null;
            _pin.Dispose();
            _pin = default;
        }
        if (_addedRef)
        {
            _addedRef = false;
            _handle!.DangerousRelease();
        }
        // Unregister never waits: a callback already running finds the version changed, or the token gone from the table.
        _registration.Unregister();
        _registration = default;
        _handle = null;
        _batch = null;
    }

    /// <summary>Delivers a completion (<c>cqe.res</c>) on the ring thread: to the handler, or to the awaiter.</summary>
    public void Complete(int result, bool hasMore, uint cqeFlags)
    {
        if (Kind == ProactorOperationKind.Cancel && result == -Libc.ENOENT)
        {
            // Nothing was in flight on the descriptor: zero operations cancelled, not an error.
            result = 0;
        }
        if (Kind == ProactorOperationKind.ReceiveMessage && result >= 0)
        {
            _batch!.CompleteReceive(_slot, result);
        }
        if (!hasMore)
        {
            ReleaseResources();
        }
        CompletionHandler? handler = Handler;
        if (handler is null)
        {
            if (result >= 0)
            {
                _core.SetResult(result);
            }
            else
            {
                _core.SetException(ExceptionFor(Kind, result));
            }
            return;
        }
        int bufferId = (cqeFlags & Libc.IORING_CQE_F_BUFFER) != 0 ? (int)(cqeFlags >> Libc.IORING_CQE_BUFFER_SHIFT) : -1;
        ProactorCompletion completion = new(_owner, Kind, result, hasMore, State, bufferId);
        if (!hasMore)
        {
            // Back to the pool first, so the handler's next submission can take this very object.
            Recycle();
        }
        Invoke(handler, in completion);
    }

    /// <summary>Completes an operation the kernel never saw (or never confirmed) with <paramref name="error"/>.</summary>
    /// <param name="error">What the handler or awaiter sees.</param>
    /// <param name="releaseResources">False when the kernel may still use the buffer: it then stays pinned for good.</param>
    public void Fail(Exception error, bool releaseResources)
    {
        if (releaseResources)
        {
            ReleaseResources();
        }
        else
        {
            _abandoned = true;
        }
        CompletionHandler? handler = Handler;
        if (handler is null)
        {
            _core.SetException(error);
            return;
        }
        int errno = error is ErrnoException e ? e.Errno : Libc.ECANCELED;
        ProactorCompletion completion = new(_owner, Kind, -errno, false, State);
        Recycle();
        Invoke(handler, in completion);
    }

    /// <summary>Runs a handler; what it throws is reported, and the Proactor goes on.</summary>
    private void Invoke(CompletionHandler handler, in ProactorCompletion completion)
    {
        try
        {
            handler(in completion);
        }
        catch (ObjectDisposedException) when (_owner.IsClosing)
        {
            // A handler that submits the next operation while the Proactor shuts down: nothing to report.
        }
        catch (Exception error)
        {
            _owner.ReportError(error, completion.Kind);
        }
    }

    /// <summary>Clears the operation and hands it back to its Proactor's pool.</summary>
    public void Recycle()
    {
        if (_abandoned)
        {
            return;
        }
        Handler = null;
        State = null;
        _core.Reset();
        _owner.ReturnOperation(this);
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    int IValueTaskSource<int>.GetResult(short token) => TakeResult(token);

    void IValueTaskSource.GetResult(short token) => TakeResult(token);

    LinuxSocket IValueTaskSource<LinuxSocket>.GetResult(short token) => new(new SocketHandle(TakeResult(token)));

    private int TakeResult(short token)
    {
        if (token != _core.Version)
        {
            // A second await of the same ValueTask: refuse it without recycling twice.
            throw new InvalidOperationException("A Proactor ValueTask can be awaited only once.");
        }
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Recycle();
        }
    }

    private Exception ExceptionFor(ProactorOperationKind kind, int result)
    {
        string call = ProactorCompletion.NameOf(kind);
        ErrnoException errno = new(call, -result);
        // A cancelled operation (by Cancel or by dispose) reads as a cancellation, not as an I/O error.
        if (result == -Libc.ECANCELED && !_owner.IsClosing)
        {
            if (_cancelRequested)
            {
                return new OperationCanceledException($"{call} was cancelled: its CancellationToken fired", errno, _cancellationToken);
            }
            if (HasTimeout)
            {
                return new TimeoutException($"{call} timed out after {_timeout.TotalMilliseconds} ms (IORING_OP_LINK_TIMEOUT)", errno);
            }
        }
        if (result == -Libc.ECANCELED || (result == -Libc.EINTR && _owner.IsClosing))
        {
            string why = _owner.IsClosing ? "the Proactor is being disposed" : "IORING_OP_ASYNC_CANCEL";
            return new OperationCanceledException($"{call} was cancelled: {why}", errno);
        }
        return errno;
    }

    private static byte* Pointer(byte[] pinned)
    {
        // The array lives on the pinned object heap, so its address never changes.
        return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
    }
}
