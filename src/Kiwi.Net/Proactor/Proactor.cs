using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Proactor;

/// <summary>
/// The Proactor on io_uring: operations (accept, multishot accept, connect, recv, send, close) are submitted to an
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
/// managed pointer (<see cref="OperationTable"/>).</para>
/// <para><b>Buffers and descriptors.</b> A buffer is pinned (<see cref="Memory{T}.Pin"/>) and the socket's
/// <see cref="SafeHandle"/> referenced from submission until the final completion, so neither can move or be closed
/// under the kernel.</para>
/// <para><b>Dispose.</b> Operations queued and not yet submitted are cancelled without reaching the kernel; every
/// operation in flight is cancelled with <c>IORING_OP_ASYNC_CANCEL</c> and the ring reaped until the kernel has confirmed them all
/// (bounded by <see cref="ProactorOptions.CancelTimeoutMilliseconds"/>); awaiters see an
/// <see cref="OperationCanceledException"/>, handlers a result of <c>-ECANCELED</c>. Then the ring is unmapped and
/// closed. Only an operation the kernel never confirmed within the bound keeps its buffer pinned, on purpose.</para>
/// </remarks>
public sealed unsafe partial class Proactor : IDisposable
{
    // Tokens with the top bit set name the Proactor's own entries, never an operation of the table.
    private const ulong ReservedBit = 1UL << 63;
    private const ulong WakeToken = ReservedBit;
    private const ulong CancelToken = ReservedBit | 1;
    private const ulong TimeoutToken = ReservedBit | 2;
    private const int MaxPooled = 4096;

    private readonly ProactorOptions _options;
    private readonly Thread _thread;
    private readonly OperationTable _table = new();
    private readonly ConcurrentQueue<ProactorOperation> _pool = new();
    // The ring thread's own pool: handlers recycle and submit there, so the common path takes no interlocked step.
    private readonly Stack<ProactorOperation> _ringPool = new();
    private readonly object _incomingLock = new();
    private readonly EventFdHandle _wake;
    // Native scratch the kernel reads or writes while entries are in flight: the eventfd counter, a timespec.
    private readonly byte* _scratch;
    private List<ProactorOperation> _incoming = new();
    private List<ProactorOperation> _draining = new();
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
    /// with no subscriber the error goes to stderr.</summary>
    public event EventHandler<ProactorErrorEventArgs>? ErrorReported;

    /// <summary>Whether the kernel has multishot accept (<c>IORING_ACCEPT_MULTISHOT</c>, Linux 5.19). Probed with
    /// <c>IORING_REGISTER_PROBE</c> through <c>IORING_OP_SOCKET</c>, which arrived in the same release (a flag
    /// cannot be probed).</summary>
    public bool SupportsMultishotAccept { get; private set; }

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

    /// <summary>Raises <see cref="ErrorReported"/> (stderr if nobody listens).</summary>
    internal void ReportError(Exception exception, ProactorOperationKind kind)
    {
        EventHandler<ProactorErrorEventArgs>? handlers = ErrorReported;
        if (handlers is null)
        {
            Console.Error.WriteLine($"Kiwi.Net.Proactor: {ProactorCompletion.NameOf(kind)} handler threw: {exception}");
            return;
        }
        try
        {
            handlers(this, new ProactorErrorEventArgs(exception, kind));
        }
        catch (Exception inner)
        {
            Console.Error.WriteLine($"Kiwi.Net.Proactor: ErrorReported handler threw: {inner}");
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

    private void ThreadMain(ManualResetEventSlim ready)
    {
        _ringThreadId = Environment.CurrentManagedThreadId;
        try
        {
            // The ring is created here: with SINGLE_ISSUER the creating thread is the only one allowed to submit.
            _ring = CreateRing(_options.SubmissionEntries);
            RingSetupFlags = _ring.SetupFlags;
            RingFeatures = _ring.Features;
            SupportsMultishotAccept = _ring.Supports(Libc.IORING_OP_SOCKET);
            ArmWake();
        }
        catch (Exception error)
        {
            _startError = ExceptionDispatchInfo.Capture(error);
            _ring?.Dispose();
            ready.Set();
            return;
        }
        ready.Set();
        try
        {
            Run();
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"Kiwi.Net.Proactor: the ring thread failed and shuts down: {error}");
        }
        finally
        {
            Teardown();
        }
    }

    private static IoUring CreateRing(uint entries)
    {
        // Best first; a kernel that does not know a flag answers EINVAL and the next set is tried.
        uint[] attempts =
        [
            Libc.IORING_SETUP_SINGLE_ISSUER | Libc.IORING_SETUP_DEFER_TASKRUN | Libc.IORING_SETUP_SUBMIT_ALL,
            Libc.IORING_SETUP_COOP_TASKRUN | Libc.IORING_SETUP_SUBMIT_ALL,
            0,
        ];
        for (int i = 0; ; i++)
        {
            try
            {
                return new IoUring(entries, attempts[i], entries * 4);
            }
            catch (ErrnoException e) when (e.Errno == Libc.EINVAL && i < attempts.Length - 1)
            {
            }
        }
    }

    private void Run()
    {
        IoUring ring = _ring!;
        while (!_stopping)
        {
            DrainIncoming();
            ring.SubmitAndWait(1);
            ReapAvailable();
        }
    }

    /// <summary>Moves the operations other threads queued into the submission queue.</summary>
    private void DrainIncoming()
    {
        lock (_incomingLock)
        {
            if (_incoming.Count == 0)
            {
                return;
            }
            (_incoming, _draining) = (_draining, _incoming);
            _wakeWritten = false;
        }
        foreach (ProactorOperation operation in _draining)
        {
            Start(operation);
        }
        _draining.Clear();
    }

    private void Start(ProactorOperation operation)
    {
        ulong token = _table.Add(operation);
        io_uring_sqe* sqe = NextEntry();
        operation.Fill(sqe);
        sqe->user_data = token;
    }

    /// <summary>A free submission entry; a full queue is flushed to the kernel (and completions reaped if the
    /// kernel pushes back) until one is free.</summary>
    private io_uring_sqe* NextEntry()
    {
        IoUring ring = _ring!;
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            io_uring_sqe* sqe = ring.NextSubmissionEntry();
            if (sqe != null)
            {
                return sqe;
            }
            if (ring.Submit() == 0)
            {
                // The kernel pushes back (EBUSY: completions pile up): make room by reaping.
                ring.SubmitAndWait(0);
                ReapAvailable();
            }
        }
        throw new InvalidOperationException("io_uring submission queue stays full: the kernel consumes no entries");
    }

    private void ReapAvailable()
    {
        IoUring ring = _ring!;
        // Copied out first, so a handler that submits (or even reaps) never sees a half-consumed ring.
        Span<io_uring_cqe> batch = stackalloc io_uring_cqe[64];
        int count;
        while ((count = ring.CopyCompletions(batch)) > 0)
        {
            for (int i = 0; i < count; i++)
            {
                Dispatch(batch[i]);
            }
        }
    }

    private void Dispatch(in io_uring_cqe cqe)
    {
        ulong token = cqe.user_data;
        if ((token & ReservedBit) != 0)
        {
            if (token == WakeToken)
            {
                _wakeArmed = false;
                if (!_stopping)
                {
                    ArmWake();
                }
            }
            else if (token == TimeoutToken)
            {
                _timeoutArmed = false;
            }
            return;
        }
        ProactorOperation? operation = _table.Find(token);
        if (operation is null)
        {
            return;
        }
        bool hasMore = (cqe.flags & Libc.IORING_CQE_F_MORE) != 0;
        if (!hasMore)
        {
            _table.Remove(token);
            Interlocked.Decrement(ref _pending);
        }
        operation.Complete(cqe.res, hasMore);
    }

    /// <summary>Keeps one <c>IORING_OP_READ</c> of the wake-up eventfd pending, so a write from another thread
    /// ends the ring thread's wait in <c>io_uring_enter</c>.</summary>
    private void ArmWake()
    {
        io_uring_sqe* sqe = NextEntry();
        sqe->opcode = Libc.IORING_OP_READ;
        sqe->fd = _wake.DangerousGetDescriptor();
        sqe->addr = (ulong)_scratch;
        sqe->len = sizeof(ulong);
        sqe->user_data = WakeToken;
        _wakeArmed = true;
    }

    /// <summary>On the ring thread, after the loop: fail what is queued, cancel what is in flight, reap until the
    /// kernel confirmed everything (bounded), then unmap and close the ring.</summary>
    private void Teardown()
    {
        IoUring ring = _ring!;
        _stopping = true;
        lock (_incomingLock)
        {
            _closed = true;
            (_incoming, _draining) = (_draining, _incoming);
        }
        foreach (ProactorOperation operation in _draining)
        {
            Interlocked.Decrement(ref _pending);
            // Never reached the kernel: cancelled like the ones in flight, so every outstanding awaiter sees the same.
            operation.Fail(new OperationCanceledException(
                $"{ProactorCompletion.NameOf(operation.Kind)} was cancelled: the Proactor was disposed before submitting it",
                new ObjectDisposedException(nameof(Proactor))), releaseResources: true);
        }
        _draining.Clear();

        bool confirmed = false;
        try
        {
            CancelInFlight();
            Stopwatch clock = Stopwatch.StartNew();
            while ((_table.Count > 0 || _wakeArmed) && clock.ElapsedMilliseconds < _options.CancelTimeoutMilliseconds)
            {
                ArmTimeout();
                ring.SubmitAndWait(1);
                ReapAvailable();
            }
            confirmed = _table.Count == 0 && !_wakeArmed;
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"Kiwi.Net.Proactor: cancelling on dispose failed: {error}");
        }
        finally
        {
            AbandonUnconfirmed();
            ring.Dispose();
            _wake.Dispose();
            // The eventfd read may still write into the scratch memory if the kernel never confirmed it.
            if (confirmed)
            {
                NativeMemory.Free(_scratch);
            }
        }
    }

    private void CancelInFlight()
    {
        List<ulong> tokens = new(_table.Count + 1);
        _table.CopyTokens(tokens);
        if (_wakeArmed)
        {
            tokens.Add(WakeToken);
        }
        foreach (ulong token in tokens)
        {
            io_uring_sqe* sqe = NextEntry();
            sqe->opcode = Libc.IORING_OP_ASYNC_CANCEL;
            sqe->addr = token;
            sqe->user_data = CancelToken;
        }
    }

    /// <summary>Arms a 50 ms <c>IORING_OP_TIMEOUT</c>, so the teardown's wait for completions never blocks for good.</summary>
    private void ArmTimeout()
    {
        if (_timeoutArmed)
        {
            return;
        }
        __kernel_timespec* timeout = (__kernel_timespec*)(_scratch + 16);
        timeout->tv_sec = 0;
        timeout->tv_nsec = 50_000_000;
        io_uring_sqe* sqe = NextEntry();
        sqe->opcode = Libc.IORING_OP_TIMEOUT;
        sqe->addr = (ulong)timeout;
        sqe->len = 1;
        sqe->user_data = TimeoutToken;
        _timeoutArmed = true;
    }

    /// <summary>Completes operations the kernel did not confirm in time, keeping their buffers pinned.</summary>
    private void AbandonUnconfirmed()
    {
        List<ulong> tokens = new(_table.Count);
        _table.CopyTokens(tokens);
        foreach (ulong token in tokens)
        {
            ProactorOperation operation = _table.Find(token)!;
            _table.Remove(token);
            Interlocked.Decrement(ref _pending);
            operation.Fail(new ObjectDisposedException(nameof(Proactor), "the kernel did not confirm the cancellation in time"), releaseResources: false);
        }
    }
}
