using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

public class EventLoopTests
{
    [Fact]
    public void QueuedCallsFromManyThreadsAllRunOnTheLoopThreadInPerThreadOrder()
    {
        using var thread = new EventLoopThread();
        EventLoop loop = thread.StartLoop();
        const int Threads = 4, PerThread = 2000;
        var seen = new List<(int Thread, int Index)>();
        int wrongThread = 0;
        var done = new CountdownEvent(Threads * PerThread);
        Parallel.For(0, Threads, t =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                int index = i;
                loop.QueueInLoop(() =>
                {
                    if (!loop.IsInLoopThread)
                    {
                        Interlocked.Increment(ref wrongThread);
                    }
                    seen.Add((t, index));
                    done.Signal();
                });
            }
        });
        Assert.True(done.Wait(Wait.Limit));
        Assert.Equal(0, wrongThread);
        var last = new int[Threads];
        Array.Fill(last, -1);
        foreach ((int t, int index) in seen)
        {
            Assert.Equal(last[t] + 1, index);
            last[t] = index;
        }
    }

    [Fact]
    public void RunInLoopOnTheLoopThreadRunsAtOnce()
    {
        using var thread = new EventLoopThread();
        EventLoop loop = thread.StartLoop();
        var result = new TaskCompletionSource<bool>();
        loop.QueueInLoop(() =>
        {
            bool ranInline = false;
            loop.RunInLoop(() => ranInline = true);
            result.SetResult(ranInline);
        });
        Assert.True(Wait.Result(result.Task, "RunInLoop"));
    }

    [Fact]
    public void CallsThatMustRunInTheLoopThrowElsewhere()
    {
        using var thread = new EventLoopThread();
        EventLoop loop = thread.StartLoop();
        var error = Assert.Throws<InvalidOperationException>(() => loop.AssertInLoopThread());
        Assert.Contains("loop's thread", error.Message);
        Assert.Throws<InvalidOperationException>(() => loop.Run());
        Assert.Throws<InvalidOperationException>(() => new Channel(loop, new Microsoft.Win32.SafeHandles.SafeFileHandle(0, false)).EnableReading());
    }

    [Fact]
    public void OneLoopPerThread()
    {
        var outcome = new TaskCompletionSource<Exception?>();
        var worker = new Thread(() =>
        {
            using var loop = new EventLoop();
            Assert.Same(loop, EventLoop.Current);
            try
            {
                using var second = new EventLoop();
                outcome.SetResult(null);
            }
            catch (Exception error)
            {
                outcome.SetResult(error);
            }
        });
        worker.Start();
        Assert.IsType<InvalidOperationException>(Wait.Result(outcome.Task, "second loop"));
        worker.Join();
    }

    [Fact]
    public void QuitFromAnotherThreadStopsRun()
    {
        var ran = new TaskCompletionSource<bool>();
        EventLoop? loop = null;
        var ready = new ManualResetEventSlim();
        var worker = new Thread(() =>
        {
            using var own = new EventLoop();
            loop = own;
            ready.Set();
            own.Run();
            ran.SetResult(true);
        });
        worker.Start();
        Assert.True(ready.Wait(Wait.Limit));
        Wait.Until(() => loop!.IsRunning, "loop running");
        loop!.Quit();
        Assert.True(Wait.Result(ran.Task, "Run to return"));
        Assert.True(worker.Join(Wait.Limit));
    }

    [Fact]
    public void AThrowingCallbackIsReportedAndTheLoopGoesOn()
    {
        using var thread = new EventLoopThread();
        EventLoop loop = thread.StartLoop();
        var reported = new ConcurrentQueue<Exception>();
        loop.ErrorReported += (_, e) => reported.Enqueue(e.Exception);
        loop.QueueInLoop(() => throw new InvalidOperationException("queued"));
        loop.RunAfter(TimeSpan.Zero, () => throw new InvalidOperationException("timer"));
        var after = new TaskCompletionSource<bool>();
        loop.RunAfter(TimeSpan.FromMilliseconds(20), () => after.SetResult(true));
        Assert.True(Wait.Result(after.Task, "timer after the throwing ones"));
        Wait.Until(() => reported.Count == 2, "two reports");
        Assert.Contains(reported, e => e.Message == "queued");
        Assert.Contains(reported, e => e.Message == "timer");
    }

    [Fact]
    public void TimersFireInDeadlineOrder()
    {
        using var thread = new EventLoopThread();
        EventLoop loop = thread.StartLoop();
        var order = new ConcurrentQueue<int>();
        var done = new CountdownEvent(5);
        int[] delays = { 50, 10, 40, 20, 30 };
        loop.QueueInLoop(() =>
        {
            foreach (int delay in delays)
            {
                int d = delay;
                loop.RunAfter(TimeSpan.FromMilliseconds(d), () => { order.Enqueue(d); done.Signal(); });
            }
        });
        Assert.True(done.Wait(Wait.Limit));
        Assert.Equal(new[] { 10, 20, 30, 40, 50 }, order.ToArray());
    }

    [Fact]
    public void CancelledTimersNeverFireAndRunEveryRepeats()
    {
        using var thread = new EventLoopThread();
        EventLoop loop = thread.StartLoop();
        int cancelledFired = 0, repeats = 0;
        TimerId cancelled = loop.RunAfter(TimeSpan.FromMilliseconds(30), () => Interlocked.Increment(ref cancelledFired));
        Assert.True(loop.Cancel(cancelled));
        Assert.False(loop.Cancel(cancelled));
        var fiveRepeats = new TaskCompletionSource<bool>();
        TimerId every = default;
        every = loop.RunEvery(TimeSpan.FromMilliseconds(5), () =>
        {
            if (Interlocked.Increment(ref repeats) == 5)
            {
                loop.Cancel(every);
                fiveRepeats.SetResult(true);
            }
        });
        var later = new TaskCompletionSource<bool>();
        loop.RunAfter(TimeSpan.FromMilliseconds(80), () => later.SetResult(true));
        Assert.True(Wait.Result(fiveRepeats.Task, "five repeats"));
        Assert.True(Wait.Result(later.Task, "a timer after the cancelled one's deadline"));
        Assert.Equal(0, cancelledFired);
        Assert.Equal(5, repeats);
        Assert.Throws<ArgumentOutOfRangeException>(() => loop.RunEvery(TimeSpan.Zero, () => { }));
    }

    [Fact]
    public void RunAtUsesTheWallClock()
    {
        using var thread = new EventLoopThread();
        EventLoop loop = thread.StartLoop();
        var fired = new TaskCompletionSource<DateTime>();
        DateTime at = DateTime.UtcNow.AddMilliseconds(30);
        loop.RunAt(at, () => fired.SetResult(DateTime.UtcNow));
        Assert.True(Wait.Result(fired.Task, "RunAt") >= at.AddMilliseconds(-5));
    }

    [Fact]
    public void OneMillionPendingLoopTimersCanBeAddedAndCancelled()
    {
        using var thread = new EventLoopThread();
        EventLoop loop = thread.StartLoop();
        const int Total = 1_000_000;
        var counts = new TaskCompletionSource<(int Added, int Cancelled, int Left)>();
        int fired = 0;
        loop.QueueInLoop(() =>
        {
            var ids = new TimerId[Total];
            Action callback = () => fired++;
            for (int i = 0; i < Total; i++)
            {
                ids[i] = loop.RunAfter(TimeSpan.FromHours(1) + TimeSpan.FromTicks(i), callback);
            }
            int added = loop.PendingTimerCount;
            int cancelled = 0;
            for (int i = Total - 1; i >= 0; i--)
            {
                cancelled += loop.Cancel(ids[i]) ? 1 : 0;
            }
            counts.SetResult((added, cancelled, loop.PendingTimerCount));
        });
        var (addedCount, cancelledCount, left) = Wait.Result(counts.Task, "a million timers");
        Assert.Equal(Total, addedCount);
        Assert.Equal(Total, cancelledCount);
        Assert.Equal(0, left);
        Assert.Equal(0, fired);
    }

    [Fact]
    public void PoolHandsOutLoopsRoundRobinAndZeroMeansTheBaseLoop()
    {
        using var baseThread = new EventLoopThread();
        EventLoop baseLoop = baseThread.StartLoop();
        using (var empty = new EventLoopPool(baseLoop, 0))
        {
            empty.Start();
            Assert.Same(baseLoop, empty.GetNextLoop());
            Assert.Same(baseLoop, empty.GetNextLoop());
        }
        using var pool = new EventLoopPool(baseLoop, 3);
        int initialized = 0;
        pool.Start(_ => Interlocked.Increment(ref initialized));
        Assert.Equal(3, initialized);
        EventLoop first = pool.GetNextLoop(), second = pool.GetNextLoop(), third = pool.GetNextLoop();
        Assert.NotSame(first, second);
        Assert.NotSame(second, third);
        Assert.Same(first, pool.GetNextLoop());
        Assert.DoesNotContain(baseLoop, pool.Loops);
    }
}
