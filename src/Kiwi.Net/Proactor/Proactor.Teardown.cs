using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Proactor;

// Dispose on the ring thread: fail what is queued, cancel what is in flight, reap until the kernel confirms (bounded).
public sealed unsafe partial class Proactor
{
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
        int queued = _draining.Count;
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
        int inFlight = _table.Count;
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
            ProactorLog.CancelFailed(_logger, error);
        }
        finally
        {
            int unconfirmed = _table.Count;
            AbandonUnconfirmed();
            ring.Dispose();
            _wake.Dispose();
            // The eventfd read may still write into the scratch memory, and a receive into a provided buffer, if the
            // kernel never confirmed them.
            if (confirmed)
            {
                NativeMemory.Free(_scratch);
                ProvidedBuffers?.Free();
            }
            ProactorLog.RingTornDown(_logger, queued, inFlight);
            if (unconfirmed > 0)
            {
                ProactorLog.CancellationsUnconfirmed(_logger, unconfirmed, _options.CancelTimeoutMilliseconds);
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
            _table.TryGet(token, out ProactorOperation operation);
            _table.Remove(token);
            Interlocked.Decrement(ref _pending);
            operation.Fail(new ObjectDisposedException(nameof(Proactor), "the kernel did not confirm the cancellation in time"), releaseResources: false);
        }
    }
}
