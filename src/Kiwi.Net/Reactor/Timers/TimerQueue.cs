using System;

namespace Kiwi.Net.Reactor;

/// <summary>
/// Pending timers ordered by deadline: an indexed binary min-heap over (deadline, sequence), where every
/// timer knows its heap position, so adding and cancelling are O(log n) and a million pending timers cost
/// two flat arrays, not a million objects. Deadlines are nanoseconds of <see cref="MonotonicClock"/>.
/// Timers with equal deadlines fire in the order they were added. Ids are tokens of a <see cref="SlotTable{T}"/>.
/// </summary>
/// <remarks>
/// <b>Threads.</b> <see cref="Add"/>, <see cref="Cancel"/>, <see cref="Count"/> and <see cref="TryGetNextDeadline"/>
/// may be called from any thread; they take the queue's lock. <see cref="RunExpired"/> is meant for one thread (an
/// <c>EventLoop</c> calls it on its own): it takes the lock around each step and runs every callback outside it, so a
/// callback may add and cancel timers, including its own.
/// </remarks>
public sealed class TimerQueue
{
    private const int NotInHeap = -1;
    private const int Running = -2;
    private const int CancelledWhileRunning = -3;

    private struct HeapEntry
    {
        public long Deadline;
        public long Sequence;
        public ulong Token;
    }

    private struct TimerEntry
    {
        public Action Callback;
        public long Interval;
        public int HeapIndex;
    }

    private readonly object _gate = new();
    private readonly SlotTable<TimerEntry> _timers = new(16);
    private HeapEntry[] _heap = new HeapEntry[16];
    private int _count;
    private long _nextSequence;
    private static int s_lastQueueId;
    private readonly int _queueId = System.Threading.Interlocked.Increment(ref s_lastQueueId);

    /// <summary>Number of timers waiting for their deadline.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Adds a timer that runs <paramref name="callback"/> at <paramref name="deadline"/> and then, if
    /// <paramref name="interval"/> is positive, every <paramref name="interval"/> nanoseconds until cancelled.
    /// </summary>
    /// <param name="deadline">First expiry, nanoseconds of <see cref="MonotonicClock.NowNanoseconds"/>.</param>
    /// <param name="interval">0 for a one-shot timer, else the period in nanoseconds.</param>
    /// <param name="callback">What to run; it may add and cancel timers, including its own.</param>
    /// <returns>The id to cancel the timer with.</returns>
    public TimerId Add(long deadline, long interval, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentOutOfRangeException.ThrowIfNegative(interval);
        lock (_gate)
        {
            ulong token = _timers.Add(new TimerEntry { Callback = callback, Interval = interval, HeapIndex = NotInHeap });
            Push(token, deadline);
            return new TimerId(_queueId, token);
        }
    }

    /// <summary>
    /// Cancels a timer: it will not run again. Cancelling a repeating timer from its own callback stops it.
    /// </summary>
    /// <returns>True if the timer was pending (or running) and is now cancelled; false if it had already fired, was cancelled, or never existed.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> was issued by another queue (another loop): its slot here is another timer.</exception>
    public bool Cancel(TimerId id)
    {
        if (id.IsValid && id.Queue != _queueId)
        {
            throw new ArgumentException($"TimerQueue.Cancel: {id} belongs to another timer queue (another EventLoop).", nameof(id));
        }
        lock (_gate)
        {
            if (!_timers.Contains(id.Token))
            {
                return false;
            }
            ref TimerEntry timer = ref _timers.At(id.Token);
            switch (timer.HeapIndex)
            {
                case Running:
                    // Its callback is on the stack; Complete frees the slot when it returns.
                    timer.HeapIndex = CancelledWhileRunning;
                    return true;
                case CancelledWhileRunning:
                    return false;
                default:
                    RemoveAt(timer.HeapIndex);
                    _timers.Remove(id.Token);
                    return true;
            }
        }
    }

    /// <summary>The earliest pending deadline, if any timer is pending.</summary>
    public bool TryGetNextDeadline(out long deadline)
    {
        lock (_gate)
        {
            deadline = _count > 0 ? _heap[0].Deadline : 0;
            return _count > 0;
        }
    }

    /// <summary>
    /// Runs, in deadline order, every timer whose deadline is at or before <paramref name="now"/> and that
    /// was added before this call; repeating timers are scheduled again (never in the past, so a stalled
    /// loop does not fire a burst). Timers added by the callbacks wait for the next call. The one expiry loop:
    /// an <c>EventLoop</c> runs its timers through it.
    /// </summary>
    /// <param name="now">The current time, nanoseconds of <see cref="MonotonicClock.NowNanoseconds"/>.</param>
    /// <param name="onError">Receives an exception thrown by a callback, and the remaining timers still run; if null, the exception propagates (the queue stays consistent).</param>
    /// <returns>The number of callbacks run.</returns>
    public int RunExpired(long now, Action<Exception>? onError = null)
    {
        long addedBefore;
        lock (_gate)
        {
            addedBefore = _nextSequence;
        }
        int ran = 0;
        while (true)
        {
            ExpiredTimer expired;
            lock (_gate)
            {
                if (!TryTakeExpired(now, addedBefore, out expired))
                {
                    return ran;
                }
            }
            ran++;
            try
            {
                expired.Callback();
            }
            catch (Exception error) when (onError is not null)
            {
                onError(error);
            }
            finally
            {
                lock (_gate)
                {
                    Complete(expired, now);
                }
            }
        }
    }

    /// <summary>A timer taken out of the heap to run; handed back to <see cref="Complete"/> after its callback.</summary>
    private readonly record struct ExpiredTimer(ulong Token, long Deadline, long Interval, Action Callback);

    // The earliest timer if it is due at now and was scheduled before addedBefore (the sequence at the pass's start).
    private bool TryTakeExpired(long now, long addedBefore, out ExpiredTimer expired)
    {
        if (_count == 0 || _heap[0].Deadline > now || _heap[0].Sequence >= addedBefore)
        {
            expired = default;
            return false;
        }
        HeapEntry top = _heap[0];
        RemoveAt(0);
        ref TimerEntry timer = ref _timers.At(top.Token);
        expired = new ExpiredTimer(top.Token, top.Deadline, timer.Interval, timer.Callback);
        if (timer.Interval == 0)
        {
            // A one-shot timer is over once taken: its id goes stale before the callback runs.
            _timers.Remove(top.Token);
        }
        else
        {
            timer.HeapIndex = Running;
        }
        return true;
    }

    // After the callback of a taken timer: a repeating timer goes back in the heap, or is freed if cancelled meanwhile.
    private void Complete(in ExpiredTimer expired, long now)
    {
        if (expired.Interval == 0)
        {
            return;
        }
        if (_timers.At(expired.Token).HeapIndex == CancelledWhileRunning)
        {
            _timers.Remove(expired.Token);
            return;
        }
        // Saturating: an interval near long.MaxValue must mean "practically never", not wrap into the past.
        long next = SaturatingAdd(expired.Deadline, expired.Interval);
        Push(expired.Token, next > now ? next : SaturatingAdd(now, expired.Interval));
    }

    private void Push(ulong token, long deadline)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        int index = _count++;
        _heap[index] = new HeapEntry { Deadline = deadline, Sequence = _nextSequence++, Token = token };
        _timers.At(token).HeapIndex = index;
        SiftUp(index);
    }

    private void RemoveAt(int index)
    {
        int last = --_count;
        if (index != last)
        {
            _heap[index] = _heap[last];
            _timers.At(_heap[index].Token).HeapIndex = index;
            if (index > 0 && Earlier(_heap[index], _heap[(index - 1) / 2]))
            {
                SiftUp(index);
            }
            else
            {
                SiftDown(index);
            }
        }
        _heap[last] = default;
    }

    private void SiftUp(int index)
    {
        HeapEntry entry = _heap[index];
        while (index > 0)
        {
            int parent = (index - 1) / 2;
            if (!Earlier(entry, _heap[parent]))
            {
                break;
            }
            Place(index, _heap[parent]);
            index = parent;
        }
        Place(index, entry);
    }

    private void SiftDown(int index)
    {
        HeapEntry entry = _heap[index];
        while (true)
        {
            int child = 2 * index + 1;
            if (child >= _count)
            {
                break;
            }
            if (child + 1 < _count && Earlier(_heap[child + 1], _heap[child]))
            {
                child++;
            }
            if (!Earlier(_heap[child], entry))
            {
                break;
            }
            Place(index, _heap[child]);
            index = child;
        }
        Place(index, entry);
    }

    private void Place(int index, HeapEntry entry)
    {
        _heap[index] = entry;
        _timers.At(entry.Token).HeapIndex = index;
    }

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        // Overflow only when both have the same sign and the sum's sign differs.
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? long.MinValue : long.MaxValue) : sum;
    }

    private static bool Earlier(in HeapEntry a, in HeapEntry b) =>
        a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.Sequence < b.Sequence);
}
