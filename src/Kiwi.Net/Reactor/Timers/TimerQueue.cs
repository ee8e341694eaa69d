using System;

namespace Kiwi.Net.Reactor;

/// <summary>
/// Pending timers ordered by deadline: an indexed binary min-heap over (deadline, sequence), where every
/// timer knows its heap position, so adding and cancelling are O(log n) and a million pending timers cost
/// two flat arrays, not a million objects. Deadlines are nanoseconds of <see cref="MonotonicClock"/>.
/// Timers with equal deadlines fire in the order they were added. Not thread-safe: an
/// <c>EventLoop</c> owns one and touches it only on its own thread.
/// </summary>
public sealed class TimerQueue
{
    private const int NotInHeap = -1;
    private const int Running = -2;
    private const int CancelledWhileRunning = -3;

    private struct HeapEntry
    {
        public long Deadline;
        public long Sequence;
        public int Slot;
    }

    private struct TimerSlot
    {
        public Action? Callback;
        public long Interval;
        public int HeapIndex;
        public int Generation;
        public int NextFree;
    }

    private HeapEntry[] _heap = new HeapEntry[16];
    private int _count;
    private TimerSlot[] _slots = new TimerSlot[16];
    private int _usedSlots;
    private int _freeSlot = -1;
    private long _nextSequence;

    /// <summary>Number of timers waiting for their deadline.</summary>
    public int Count => _count;

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
        int slot = TakeSlot();
        ref TimerSlot timer = ref _slots[slot];
        timer.Callback = callback;
        timer.Interval = interval;
        Push(slot, deadline);
        return new TimerId(slot, timer.Generation);
    }

    /// <summary>
    /// Cancels a timer: it will not run again. Cancelling a repeating timer from its own callback stops it.
    /// </summary>
    /// <returns>True if the timer was pending (or running) and is now cancelled; false if it had already fired, was cancelled, or never existed.</returns>
    public bool Cancel(TimerId id)
    {
        if (!id.IsValid || (uint)id.Slot >= (uint)_usedSlots)
        {
            return false;
        }
        ref TimerSlot timer = ref _slots[id.Slot];
        if (timer.Generation != id.Generation || timer.Callback is null)
        {
            return false;
        }
        switch (timer.HeapIndex)
        {
            case Running:
                // Its callback is on the stack; RunExpired frees the slot when it returns.
                timer.HeapIndex = CancelledWhileRunning;
                return true;
            case CancelledWhileRunning:
                return false;
            default:
                RemoveAt(timer.HeapIndex);
                FreeSlot(id.Slot);
                return true;
        }
    }

    /// <summary>The earliest pending deadline, if any timer is pending.</summary>
    public bool TryGetNextDeadline(out long deadline)
    {
        deadline = _count > 0 ? _heap[0].Deadline : 0;
        return _count > 0;
    }

    /// <summary>
    /// Runs, in deadline order, every timer whose deadline is at or before <paramref name="now"/> and that
    /// was added before this call; repeating timers are scheduled again (never in the past, so a stalled
    /// loop does not fire a burst). Timers added by the callbacks wait for the next call.
    /// </summary>
    /// <param name="now">The current time, nanoseconds of <see cref="MonotonicClock.NowNanoseconds"/>.</param>
    /// <param name="onError">Receives an exception thrown by a callback, and the remaining timers still run; if null, the exception propagates (the queue stays consistent).</param>
    /// <returns>The number of callbacks run.</returns>
    public int RunExpired(long now, Action<Exception>? onError = null)
    {
        long addedBefore = AddedCount;
        int ran = 0;
        while (TryTakeExpired(now, addedBefore, out ExpiredTimer expired))
        {
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
                Complete(expired, now);
            }
        }
        return ran;
    }

    /// <summary>How many timers were ever added (and repeats scheduled): a bound for one pass of expiries.</summary>
    internal long AddedCount => _nextSequence;

    /// <summary>A timer taken out of the queue to run; hand it back to <see cref="Complete"/> after its callback.</summary>
    internal readonly struct ExpiredTimer
    {
        internal ExpiredTimer(int slot, long deadline, long interval, Action callback)
        {
            Slot = slot;
            Deadline = deadline;
            Interval = interval;
            Callback = callback;
        }

        internal int Slot { get; }

        internal long Deadline { get; }

        internal long Interval { get; }

        internal Action Callback { get; }
    }

    /// <summary>
    /// Takes the earliest timer if it is due at <paramref name="now"/> and was scheduled before
    /// <paramref name="addedBefore"/> (an <see cref="AddedCount"/> read at the start of the pass). Lets a
    /// caller that must lock around the queue run the callback outside its lock.
    /// </summary>
    internal bool TryTakeExpired(long now, long addedBefore, out ExpiredTimer expired)
    {
        if (_count == 0 || _heap[0].Deadline > now || _heap[0].Sequence >= addedBefore)
        {
            expired = default;
            return false;
        }
        HeapEntry top = _heap[0];
        RemoveAt(0);
        ref TimerSlot timer = ref _slots[top.Slot];
        expired = new ExpiredTimer(top.Slot, top.Deadline, timer.Interval, timer.Callback!);
        if (timer.Interval == 0)
        {
            // A one-shot timer is over once taken: its id goes stale before the callback runs.
            FreeSlot(top.Slot);
        }
        else
        {
            timer.HeapIndex = Running;
        }
        return true;
    }

    /// <summary>After the callback of a taken timer: schedules a repeating timer again, or frees it if it was cancelled meanwhile.</summary>
    internal void Complete(in ExpiredTimer expired, long now)
    {
        if (expired.Interval == 0)
        {
            return;
        }
        if (_slots[expired.Slot].HeapIndex == CancelledWhileRunning)
        {
            FreeSlot(expired.Slot);
            return;
        }
        long next = expired.Deadline + expired.Interval;
        Push(expired.Slot, next > now ? next : now + expired.Interval);
    }

    private int TakeSlot()
    {
        int slot;
        if (_freeSlot >= 0)
        {
            slot = _freeSlot;
            _freeSlot = _slots[slot].NextFree;
        }
        else
        {
            if (_usedSlots == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }
            slot = _usedSlots++;
            _slots[slot].Generation = 1;
        }
        return slot;
    }

    private void FreeSlot(int slot)
    {
        ref TimerSlot timer = ref _slots[slot];
        timer.Callback = null;
        timer.HeapIndex = NotInHeap;
        // A new generation makes every id of the old timer stale; 0 is reserved for default(TimerId).
        timer.Generation = timer.Generation == int.MaxValue ? 1 : timer.Generation + 1;
        timer.NextFree = _freeSlot;
        _freeSlot = slot;
    }

    private void Push(int slot, long deadline)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        int index = _count++;
        _heap[index] = new HeapEntry { Deadline = deadline, Sequence = _nextSequence++, Slot = slot };
        _slots[slot].HeapIndex = index;
        SiftUp(index);
    }

    private void RemoveAt(int index)
    {
        int last = --_count;
        if (index != last)
        {
            _heap[index] = _heap[last];
            _slots[_heap[index].Slot].HeapIndex = index;
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
        _slots[entry.Slot].HeapIndex = index;
    }

    private static bool Earlier(in HeapEntry a, in HeapEntry b) =>
        a.Deadline < b.Deadline || (a.Deadline == b.Deadline && a.Sequence < b.Sequence);
}
