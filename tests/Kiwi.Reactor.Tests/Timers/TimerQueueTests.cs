using System;
using System.Collections.Generic;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

public class TimerQueueTests
{
    [Fact]
    public void FiresInDeadlineOrderAndEqualDeadlinesInInsertionOrder()
    {
        var queue = new TimerQueue();
        var fired = new List<int>();
        var random = new Random(5);
        var deadlines = new List<(long Deadline, int Id)>();
        for (int i = 0; i < 1000; i++)
        {
            long deadline = random.Next(0, 100);
            int id = i;
            deadlines.Add((deadline, id));
            queue.Add(deadline, 0, () => fired.Add(id));
        }
        Assert.Equal(1000, queue.RunExpired(1000));
        deadlines.Sort((a, b) => a.Deadline != b.Deadline ? a.Deadline.CompareTo(b.Deadline) : a.Id.CompareTo(b.Id));
        Assert.Equal(deadlines.ConvertAll(d => d.Id), fired);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void RunsOnlyWhatIsDue()
    {
        var queue = new TimerQueue();
        int fired = 0;
        queue.Add(10, 0, () => fired++);
        queue.Add(20, 0, () => fired++);
        Assert.True(queue.TryGetNextDeadline(out long next));
        Assert.Equal(10, next);
        Assert.Equal(0, queue.RunExpired(9));
        Assert.Equal(1, queue.RunExpired(15));
        Assert.Equal(1, fired);
        Assert.True(queue.TryGetNextDeadline(out next));
        Assert.Equal(20, next);
        queue.RunExpired(20);
        Assert.False(queue.TryGetNextDeadline(out _));
    }

    [Fact]
    public void CancelledTimersNeverFire()
    {
        var queue = new TimerQueue();
        var fired = new List<int>();
        var ids = new TimerId[100];
        for (int i = 0; i < ids.Length; i++)
        {
            int id = i;
            ids[i] = queue.Add(i, 0, () => fired.Add(id));
        }
        for (int i = 0; i < ids.Length; i += 2)
        {
            Assert.True(queue.Cancel(ids[i]));
            Assert.False(queue.Cancel(ids[i]));
        }
        Assert.Equal(50, queue.Count);
        queue.RunExpired(1000);
        Assert.Equal(50, fired.Count);
        Assert.All(fired, id => Assert.Equal(1, id % 2));
        Assert.False(queue.Cancel(ids[1]));
        Assert.False(queue.Cancel(default));
    }

    [Fact]
    public void StaleIdDoesNotCancelTheTimerThatReusedItsSlot()
    {
        var queue = new TimerQueue();
        TimerId first = queue.Add(1, 0, () => { });
        queue.RunExpired(1);
        int fired = 0;
        TimerId second = queue.Add(2, 0, () => fired++);
        Assert.NotEqual(first, second);
        Assert.False(queue.Cancel(first));
        queue.RunExpired(2);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void RepeatingTimerRepeatsUntilCancelledFromItsOwnCallback()
    {
        var queue = new TimerQueue();
        int fired = 0;
        TimerId id = default;
        id = queue.Add(10, 10, () =>
        {
            if (++fired == 3)
            {
                Assert.True(queue.Cancel(id));
            }
        });
        for (long now = 10; now <= 100; now += 10)
        {
            queue.RunExpired(now);
        }
        Assert.Equal(3, fired);
        Assert.Equal(0, queue.Count);
        Assert.False(queue.Cancel(id));
    }

    [Fact]
    public void StalledRepeatingTimerDoesNotBurst()
    {
        var queue = new TimerQueue();
        int fired = 0;
        queue.Add(10, 10, () => fired++);
        Assert.Equal(1, queue.RunExpired(1000));
        Assert.True(queue.TryGetNextDeadline(out long next));
        Assert.Equal(1010, next);
    }

    [Fact]
    public void TimersAddedByACallbackWaitForTheNextRun()
    {
        var queue = new TimerQueue();
        int inner = 0;
        queue.Add(5, 0, () => queue.Add(0, 0, () => inner++));
        Assert.Equal(1, queue.RunExpired(10));
        Assert.Equal(0, inner);
        Assert.Equal(1, queue.RunExpired(10));
        Assert.Equal(1, inner);
    }

    [Fact]
    public void ThrowingCallbackIsReportedAndOthersStillRun()
    {
        var queue = new TimerQueue();
        var errors = new List<Exception>();
        int fired = 0;
        queue.Add(1, 0, () => throw new InvalidOperationException("boom"));
        queue.Add(2, 5, () => throw new InvalidOperationException("repeat"));
        queue.Add(3, 0, () => fired++);
        Assert.Equal(3, queue.RunExpired(3, errors.Add));
        Assert.Equal(2, errors.Count);
        Assert.Equal(1, fired);
        Assert.Equal(1, queue.Count);

        Assert.Throws<InvalidOperationException>(() => queue.RunExpired(100));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void OneMillionPendingTimersCanBeAddedAndCancelled()
    {
        const int Total = 1_000_000;
        var queue = new TimerQueue();
        var ids = new TimerId[Total];
        var random = new Random(1);
        int fired = 0;
        Action callback = () => fired++;
        for (int i = 0; i < Total; i++)
        {
            ids[i] = queue.Add(random.NextInt64(1, 1_000_000_000), 0, callback);
        }
        Assert.Equal(Total, queue.Count);
        // Cancel in a shuffled order, so removals hit every part of the heap.
        random.Shuffle(ids);
        for (int i = 0; i < Total / 2; i++)
        {
            Assert.True(queue.Cancel(ids[i]));
        }
        Assert.Equal(Total / 2, queue.Count);
        long last = long.MinValue;
        int ordered = 0;
        while (queue.TryGetNextDeadline(out long deadline) && ordered < 1000)
        {
            Assert.True(deadline >= last);
            last = deadline;
            queue.RunExpired(deadline);
            ordered++;
        }
        for (int i = Total / 2; i < Total; i++)
        {
            queue.Cancel(ids[i]);
        }
        Assert.Equal(0, queue.Count);
        Assert.True(fired >= 1000);
        Assert.Equal(0, queue.RunExpired(long.MaxValue));
    }
}
