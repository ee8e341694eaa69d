using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Proactor;

// The ring thread: creates the ring, then submits, waits in io_uring_enter and dispatches completions until disposed.
public sealed unsafe partial class Proactor
{
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
            SupportsMultishotReceive = _ring.Supports(Libc.IORING_OP_SEND_ZC);
            // Only this thread enters the ring: name it by its registered index, without a file-table lookup per enter.
            IsRingDescriptorRegistered = _ring.RegisterRingDescriptor();
            if (_options.ProvidedBufferCount > 0)
            {
                using DescriptorLease lease = new(_ring.Handle);
                ProvidedBuffers = ProvidedBufferRing.TryRegister(lease.Descriptor, _options.ProvidedBufferCount, _options.ProvidedBufferSize, groupId: 0);
            }
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
            ProactorLog.RingThreadFailed(_logger, error);
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
            if (_incoming.Count == 0 && _cancels.Count == 0)
            {
                return;
            }
            (_incoming, _draining) = (_draining, _incoming);
            (_cancels, _cancelsDraining) = (_cancelsDraining, _cancels);
            _wakeWritten = false;
        }
        foreach (ProactorOperation operation in _draining)
        {
            Start(operation);
        }
        _draining.Clear();
        // After the starts: a token that fired before its operation reached the ring finds it in the table now.
        foreach (CancelRequest request in _cancelsDraining)
        {
            StartCancel(request);
        }
        _cancelsDraining.Clear();
    }

    private void Start(ProactorOperation operation)
    {
        ulong token = _table.Add(operation);
        if (operation.HasTimeout)
        {
            // The operation and its link timeout must reach the kernel in one submission, or the link is cut.
            ReserveEntries(2);
        }
        io_uring_sqe* sqe = NextEntry();
        operation.Fill(sqe);
        sqe->user_data = token;
        operation.UserData = token;
        if (operation.HasTimeout)
        {
            sqe->flags |= Libc.IOSQE_IO_LINK;
            io_uring_sqe* timeout = NextEntry();
            operation.FillLinkTimeout(timeout);
            timeout->user_data = LinkTimeoutToken;
        }
        operation.WatchCancellation();
    }

    /// <summary>Cancels the operation a fired token names with <c>IORING_OP_ASYNC_CANCEL</c> matching its
    /// <c>user_data</c>, unless it has completed meanwhile (then its real result stands).</summary>
    private void StartCancel(CancelRequest request)
    {
        ProactorOperation operation = request.Operation;
        if (operation.Version != request.Version || !_table.TryGet(operation.UserData, out ProactorOperation current)
            || !ReferenceEquals(current, operation))
        {
            return;
        }
        operation.MarkCancelRequested();
        io_uring_sqe* sqe = NextEntry();
        sqe->opcode = Libc.IORING_OP_ASYNC_CANCEL;
        sqe->addr = operation.UserData;
        sqe->user_data = CancelToken;
    }

    /// <summary>Flushes the submission queue to the kernel (and reaps completions if the kernel pushes back)
    /// until <paramref name="count"/> entries are free.</summary>
    private void ReserveEntries(uint count)
    {
        IoUring ring = _ring!;
        for (int attempt = 0; ring.SubmissionEntries - ring.PendingSubmissions < count; attempt++)
        {
            if (attempt == 1000)
            {
                throw new InvalidOperationException("io_uring submission queue stays full: the kernel consumes no entries");
            }
            if (ring.Submit() == 0)
            {
                // The kernel pushes back (EBUSY: completions pile up): make room by reaping.
                ring.SubmitAndWait(0);
                ReapAvailable();
            }
        }
    }

    /// <summary>A free submission entry; a full queue is flushed to the kernel (and completions reaped if the
    /// kernel pushes back) until one is free.</summary>
    private io_uring_sqe* NextEntry()
    {
        ReserveEntries(1);
        return _ring!.NextSubmissionEntry();
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
        if (!_table.TryGet(token, out ProactorOperation operation))
        {
            return;
        }
        bool hasMore = (cqe.flags & Libc.IORING_CQE_F_MORE) != 0;
        if (!hasMore)
        {
            _table.Remove(token);
            Interlocked.Decrement(ref _pending);
        }
        operation.Complete(cqe.res, hasMore, cqe.flags);
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
}
