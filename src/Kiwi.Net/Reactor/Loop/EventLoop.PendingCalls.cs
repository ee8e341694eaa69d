using System;
using System.Threading;

namespace Kiwi.Net.Reactor;

// Calls other threads hand to the loop: queued under a lock, swapped out and run after each poll, with one eventfd
// write per batch to wake the loop from epoll_wait.
public sealed unsafe partial class EventLoop
{
    private static readonly Action<object?> s_runAction = static state => ((Action)state!)();

    private readonly object _pendingLock = new();
    private PendingCall[] _pending = new PendingCall[64];
    private int _pendingCount;
    private PendingCall[] _running = new PendingCall[64];
    private int _wakeupRequested;
    private bool _callingPending;

    private struct PendingCall
    {
        public Action<object?> Callback;
        public object? State;
    }

    /// <summary>Runs <paramref name="action"/> now if called on the loop thread, else queues it to run there after the current poll.</summary>
    public void RunInLoop(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (IsInLoopThread)
        {
            action();
        }
        else
        {
            QueueInLoop(action);
        }
    }

    /// <summary>Queues <paramref name="action"/> to run on the loop thread after the current poll; from any thread, in order.</summary>
    public void QueueInLoop(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        QueueInLoop(s_runAction, action);
    }

    /// <summary>Queues <paramref name="callback"/>(<paramref name="state"/>) like <see cref="QueueInLoop(Action)"/>; with a static callback it allocates nothing.</summary>
    /// <exception cref="ObjectDisposedException">The loop was disposed: the call would never run.</exception>
    public void QueueInLoop(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        lock (_pendingLock)
        {
            if (_pendingCount == _pending.Length)
            {
                Array.Resize(ref _pending, _pending.Length * 2);
            }
            _pending[_pendingCount++] = new PendingCall { Callback = callback, State = state };
        }
        // From the loop thread a wake-up is needed only while it is running queued calls (it will not poll first),
        // or before Run (its first poll would otherwise sleep on a call queued for it).
        if (!IsInLoopThread || _callingPending || !_looping)
        {
            Wakeup();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the loop thread and waits for it: inline on the loop thread or when the
    /// loop is not running (then nothing else touches it), else queued. An exception it throws is rethrown here.
    /// Do not call it from another loop's thread while this loop may be waiting on that one.
    /// </summary>
    /// <param name="action">The work.</param>
    /// <returns>True when <paramref name="action"/> ran; false when the loop stopped before running it.</returns>
    public bool RunInLoopAndWait(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (IsInLoopThread || !IsRunning)
        {
            action();
            return true;
        }
        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        QueueInLoop(() =>
        {
            try
            {
                action();
            }
            catch (Exception error)
            {
                failure = error;
            }
            finally
            {
                done.Set();
            }
        });
        // If the loop stops before running it, the queued call is dropped with the loop: do not wait forever.
        while (!done.Wait(50))
        {
            if (!IsRunning && !done.IsSet)
            {
                return false;
            }
        }
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        return true;
    }

    /// <summary>Number of queued calls not yet run.</summary>
    public int PendingCallCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pendingCount;
            }
        }
    }

    /// <summary>Wakes the loop from <c>epoll_wait</c> by writing its eventfd; repeated requests before it wakes cost
    /// nothing. After <see cref="Dispose"/> it does nothing.</summary>
    public void Wakeup()
    {
        if (Interlocked.Exchange(ref _wakeupRequested, 1) == 0)
        {
            // A reference on the handle, not the raw number: after Dispose the number may belong to another open file.
            bool added = false;
            try
            {
                _wakeup.DangerousAddRef(ref added);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            try
            {
                ulong one = 1;
                // EAGAIN only if the counter is near overflow, and then the loop is awake anyway.
                SystemCalls.Write(_wakeupFd, &one, sizeof(ulong));
            }
            finally
            {
                _wakeup.DangerousRelease();
            }
        }
    }

    private void RunPendingCalls()
    {
        // Requests from now on must write the eventfd again: the swap below may already have missed them.
        // A full fence (Exchange, not a volatile write) so the count below is read after the reset is visible.
        Interlocked.Exchange(ref _wakeupRequested, 0);
        // Nothing queued (the usual case): skip the lock. A call queued after this read wakes the loop itself.
        if (Volatile.Read(ref _pendingCount) == 0)
        {
            return;
        }
        int count;
        lock (_pendingLock)
        {
            if (_pendingCount == 0)
            {
                return;
            }
            (_pending, _running) = (_running, _pending);
            count = _pendingCount;
            _pendingCount = 0;
        }
        _callingPending = true;
        _gathering = true;
        try
        {
            for (int i = 0; i < count; i++)
            {
                PendingCall call = _running[i];
                _running[i] = default;
                try
                {
                    call.Callback(call.State);
                }
                catch (Exception error)
                {
                    ReportError(error, call.State is Action ? null : call.State);
                }
            }
        }
        finally
        {
            EndGathering();
            _callingPending = false;
        }
    }

    private void DrainWakeup()
    {
        ulong value;
        SystemCalls.Read(_wakeupFd, &value, sizeof(ulong));
    }
}
