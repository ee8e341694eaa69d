using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using Kiwi.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiwi.Net.Proactor;

/// <summary>
/// The Proactor on io_uring: operations (accept, multishot accept, connect, recv, multishot recv into provided
/// buffers, send, close) are submitted to an
/// <see cref="IoUring"/> and their completions handed to a <see cref="CompletionHandler"/> or to an awaited
/// <see cref="System.Threading.Tasks.ValueTask"/>.
/// </summary>
/// <remarks>
/// <para><b>Threading.</b> Each Proactor owns one ring and one thread (the ring thread), which creates the ring,
/// submits every entry and reaps every completion; handlers and (by default) await continuations run on it. The
/// ring is created with <c>IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN</c> where the kernel has them, so
/// the kernel does its completion work only when that thread asks for events. A submission made on the ring
/// thread (from a handler or a continuation) goes straight into the submission queue. A submission from any other
/// thread is queued under a lock and the ring thread woken through an eventfd that has an <c>IORING_OP_READ</c>
/// pending on the ring; the lock is never taken on the ring thread's fast path.</para>
/// <para><b>Tokens.</b> <c>user_data</c> is a 64-bit token from a slot table with a generation counter, never a
/// managed pointer (<see cref="SlotTable{T}"/>, the table the Reactor's channels and timers use too).</para>
/// <para><b>Buffers and descriptors.</b> A buffer is pinned (<see cref="Memory{T}.Pin"/>) and the socket's
/// <see cref="SafeHandle"/> referenced from submission until the final completion, so neither can move or be closed
/// under the kernel. On the hot path nothing is pinned: with <see cref="ProactorOptions.ProvidedBufferCount"/> a
/// multishot receive (<see cref="ReceiveMultishot"/>) lands in the ring's <see cref="ProvidedBuffers"/>, whose native
/// memory never moves, and <see cref="SendProvided"/> sends from them.</para>
/// <para><b>Dispose.</b> Operations queued and not yet submitted are cancelled without reaching the kernel; every
/// operation in flight is cancelled with <c>IORING_OP_ASYNC_CANCEL</c> and the ring reaped until the kernel has confirmed them all
/// (bounded by <see cref="ProactorOptions.CancelTimeoutMilliseconds"/>); awaiters see an
/// <see cref="OperationCanceledException"/>, handlers the kernel's result (<c>-ECANCELED</c>, or <c>-EINTR</c> for an
/// operation the closing ring interrupted). An operation the kernel never confirmed within the bound is failed with
/// an <see cref="ObjectDisposedException"/> (handlers: <c>-ECANCELED</c>) and keeps its buffer pinned, on purpose,
/// since the kernel may still write into it. Then the ring is unmapped and closed.</para>
/// </remarks>
public sealed unsafe partial class Proactor : IDisposable
{
    // Tokens with the top bit set name the Proactor's own entries, never an operation of the table.
    private const ulong ReservedBit = 1UL << 63;
    private const ulong WakeToken = ReservedBit;
    private const ulong CancelToken = ReservedBit | 1;
    private const ulong TimeoutToken = ReservedBit | 2;
    // Every linked IORING_OP_LINK_TIMEOUT: its completion says nothing the operation's own does not.
    private const ulong LinkTimeoutToken = ReservedBit | 3;
    private const int MaxPooled = 4096;

    private readonly ProactorOptions _options;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly SlotTable<ProactorOperation> _table = new();
    private readonly ConcurrentQueue<ProactorOperation> _pool = new();
    // The ring thread's own pool: handlers recycle and submit there, so the common path takes no interlocked step.
    private readonly Stack<ProactorOperation> _ringPool = new();
    private readonly object _incomingLock = new();
    private readonly EventFdHandle _wake;
    // Native scratch the kernel reads or writes while entries are in flight: the eventfd counter, a timespec.
    private readonly byte* _scratch;
    private List<ProactorOperation> _incoming = new();
    private List<ProactorOperation> _draining = new();
    private List<CancelRequest> _cancels = new();
    private List<CancelRequest> _cancelsDraining = new();
    private IoUring? _ring;
    private ExceptionDispatchInfo? _startError;
    private int _ringThreadId;
    private int _pooled;
    private int _pending;
    private int _disposed;
    private volatile bool _stopping;
    private volatile bool _closed;
    private bool _wakeWritten;
    private bool _wakeArmed;
    private bool _timeoutArmed;

    /// <summary>Creates the ring (<c>io_uring_setup</c>, <c>mmap</c>) on a new ring thread and starts reaping.</summary>
    /// <param name="options">Ring size and continuation behaviour; defaults when null.</param>
    /// <exception cref="IoUringUnavailableException">The kernel refused io_uring (<c>ENOSYS</c>, <c>EPERM</c>).</exception>
    /// <exception cref="ErrnoException">Setting up or mapping the ring failed otherwise.</exception>
    public Proactor(ProactorOptions? options = null)
    {
        _options = options ?? new ProactorOptions();
        _logger = _options.Logger ?? NullLogger.Instance;
        _wake = EventFdHandle.Create();
        _scratch = (byte*)NativeMemory.AllocZeroed(32);
        using ManualResetEventSlim ready = new();
        _thread = new Thread(() => ThreadMain(ready)) { IsBackground = true, Name = _options.ThreadName };
        _thread.UnsafeStart();
        ready.Wait();
        if (_startError is not null)
        {
            _thread.Join();
            _wake.Dispose();
            NativeMemory.Free(_scratch);
            _startError.Throw();
        }
    }

    /// <summary>A completion handler threw; the Proactor caught it and kept running. Raised on the ring thread;
    /// the error also goes to <see cref="ProactorOptions.Logger"/>, and is dropped silently with neither.</summary>
    public event EventHandler<ProactorErrorEventArgs>? ErrorReported;

    /// <summary>Whether the kernel has multishot accept (<c>IORING_ACCEPT_MULTISHOT</c>, Linux 5.19). Probed with
    /// <c>IORING_REGISTER_PROBE</c> through <c>IORING_OP_SOCKET</c>, which arrived in the same release (a flag
    /// cannot be probed).</summary>
    public bool SupportsMultishotAccept { get; private set; }

    /// <summary>Whether the kernel has multishot receive (<c>IORING_RECV_MULTISHOT</c>, Linux 6.0). Probed through
    /// <c>IORING_OP_SEND_ZC</c>, which arrived in the same release (a flag cannot be probed).</summary>
    public bool SupportsMultishotReceive { get; private set; }

    /// <summary>Whether the ring thread enters the ring through its registered descriptor
    /// (<c>IORING_REGISTER_RING_FDS</c>, Linux 5.18; see <see cref="IoUring.RegisterRingDescriptor"/>).</summary>
    public bool IsRingDescriptorRegistered { get; private set; }

    /// <summary>The ring's provided buffers (<see cref="ProactorOptions.ProvidedBufferCount"/>), or null when none
    /// were asked for or the kernel has no provided buffer rings (<c>IORING_REGISTER_PBUF_RING</c>, Linux 5.19).</summary>
    public ProvidedBufferRing? ProvidedBuffers { get; private set; }

    /// <summary>The <c>IORING_SETUP_*</c> flags the ring was created with (the first set this kernel accepted).</summary>
    public uint RingSetupFlags { get; private set; }

    /// <summary>The <c>IORING_FEAT_*</c> bits the kernel reported.</summary>
    public uint RingFeatures { get; private set; }

    /// <summary>Operations submitted and not yet finally completed (queued, or in flight in the kernel).</summary>
    public int PendingOperations => Volatile.Read(ref _pending);

    /// <summary>True on the ring thread, where handlers run and submissions skip the queue.</summary>
    public bool IsInRingThread => Environment.CurrentManagedThreadId == _ringThreadId;

    /// <summary>True once disposing has begun.</summary>
    internal bool IsClosing => _stopping;

    /// <summary>Cancels every operation in flight (<c>IORING_OP_ASYNC_CANCEL</c>), waits (bounded) until the kernel
    /// has completed them, then unmaps and closes the ring and stops the ring thread. Called on the ring thread
    /// (from a handler) it only requests this, which happens once the handler returns.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _stopping = true;
        Wake();
        if (!IsInRingThread)
        {
            _thread.Join();
        }
    }

    /// <summary>Logs a handler's exception and raises <see cref="ErrorReported"/>.</summary>
    internal void ReportError(Exception exception, ProactorOperationKind kind)
    {
        ProactorLog.HandlerFailed(_logger, ProactorCompletion.NameOf(kind), exception);
        EventHandler<ProactorErrorEventArgs>? handlers = ErrorReported;
        if (handlers is null)
        {
            return;
        }
        try
        {
            handlers(this, new ProactorErrorEventArgs(exception, kind));
        }
        catch (Exception inner)
        {
            ProactorLog.SubscriberFailed(_logger, inner);
        }
    }

    /// <summary>Gives a finished operation back to the pool (any thread).</summary>
    internal void ReturnOperation(ProactorOperation operation)
    {
        if (IsInRingThread)
        {
            if (_ringPool.Count < MaxPooled)
            {
                _ringPool.Push(operation);
            }
            return;
        }
        // A bounded pool: a burst beyond it is left to the GC rather than kept for ever.
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
        {
            _pool.Enqueue(operation);
        }
        else
        {
            Interlocked.Decrement(ref _pooled);
        }
    }

    private ProactorOperation RentOperation()
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (IsInRingThread && _ringPool.TryPop(out ProactorOperation? operation))
        {
            return operation;
        }
        if (_pool.TryDequeue(out operation))
        {
            Interlocked.Decrement(ref _pooled);
            return operation;
        }
        return new ProactorOperation(this, _options.RunContinuationsAsynchronously);
    }

    /// <summary>Hands a prepared operation to the ring: straight into the submission queue on the ring thread,
    /// through the locked queue and an eventfd wake-up from any other.</summary>
    private void Submit(ProactorOperation operation)
    {
        if (IsInRingThread)
        {
            if (_closed)
            {
                Reject(operation);
            }
            Interlocked.Increment(ref _pending);
            Start(operation);
            return;
        }
        lock (_incomingLock)
        {
            if (_closed)
            {
                Reject(operation);
            }
            Interlocked.Increment(ref _pending);
            _incoming.Add(operation);
            // One eventfd write per batch: the ring thread clears the flag when it takes the batch.
            if (!_wakeWritten)
            {
                _wakeWritten = true;
                WriteWake();
            }
        }
    }

    /// <summary>From a fired token's callback, on any thread: queues the cancel for the ring thread.</summary>
    internal void RequestCancel(CancelRequest request)
    {
        lock (_incomingLock)
        {
            if (_closed)
            {
                return;
            }
            _cancels.Add(request);
            if (!_wakeWritten)
            {
                _wakeWritten = true;
                WriteWake();
            }
        }
    }

    private void Reject(ProactorOperation operation)
    {
        operation.ReleaseResources();
        operation.Recycle();
        throw new ObjectDisposedException(nameof(Proactor));
    }

    private void Wake()
    {
        lock (_incomingLock)
        {
            if (!_closed)
            {
                WriteWake();
            }
        }
    }

    private void WriteWake()
    {
        ulong one = 1;
        RawDescriptor.Write(_wake.DangerousGetDescriptor(), new ReadOnlySpan<byte>(&one, sizeof(ulong)));
    }
}
