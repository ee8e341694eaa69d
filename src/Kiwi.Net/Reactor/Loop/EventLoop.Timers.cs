using System;
using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

// Timers: a TimerQueue (any thread may add or cancel; it locks itself) driven by one timerfd armed at the earliest
// deadline (CLOCK_MONOTONIC, absolute); its callbacks run on the loop thread through TimerQueue.RunExpired.
public sealed unsafe partial class EventLoop
{
    private const long NanosecondsPerTick = 100;

    private readonly FileDescriptorHandle _timerFdHandle;
    private readonly int _timerFd;
    private readonly Channel _timerChannel;
    private readonly TimerQueue _timers = new();
    // Guards _armedDeadline and the timerfd's setting, which loop and adding threads both change.
    private readonly object _armLock = new();
    private long _armedDeadline = long.MaxValue;
    private Action<Exception>? _timerErrorHandler;

    /// <summary>Number of timers waiting for their deadline.</summary>
    public int PendingTimerCount => _timers.Count;

    /// <summary>Runs <paramref name="callback"/> once on the loop thread at <paramref name="time"/> (wall clock, converted to the monotonic clock now). From any thread.</summary>
    public TimerId RunAt(DateTime time, Action callback)
    {
        long delay = (time.ToUniversalTime() - DateTime.UtcNow).Ticks;
        return AddTimer(MonotonicClock.NowNanoseconds + SaturatingNanoseconds(delay), 0, callback);
    }

    /// <summary>Runs <paramref name="callback"/> once on the loop thread after <paramref name="delay"/> (a negative delay means now). From any thread.</summary>
    public TimerId RunAfter(TimeSpan delay, Action callback) =>
        AddTimer(MonotonicClock.NowNanoseconds + SaturatingNanoseconds(Math.Max(delay.Ticks, 0)), 0, callback);

    /// <summary>Runs <paramref name="callback"/> on the loop thread every <paramref name="interval"/>, first after one interval, until cancelled. From any thread.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public TimerId RunEvery(TimeSpan interval, Action callback)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "RunEvery: the interval must be positive.");
        }
        long period = SaturatingNanoseconds(interval.Ticks);
        return AddTimer(MonotonicClock.NowNanoseconds + period, period, callback);
    }

    /// <summary>Cancels a timer of this loop; it will not run (again). From any thread.</summary>
    /// <returns>True if the timer was pending or running and is now cancelled.</returns>
    public bool Cancel(TimerId timer) => _timers.Cancel(timer);

    private TimerId AddTimer(long deadline, long interval, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ObjectDisposedException.ThrowIf(_disposed, this);
        TimerId id = _timers.Add(deadline, interval, callback);
        ArmIfEarlier(deadline);
        return id;
    }

    private void HandleTimers()
    {
        ulong expirations;
        SystemCalls.Read(_timerFd, &expirations, sizeof(ulong));

        long now = MonotonicClock.NowNanoseconds;
        lock (_armLock)
        {
            // The timerfd is one-shot: it is disarmed now, whatever fires next needs a new arm.
            _armedDeadline = long.MaxValue;
        }
        _timers.RunExpired(now, _timerErrorHandler ??= error => ReportError(error, this));
        if (_timers.TryGetNextDeadline(out long next))
        {
            ArmIfEarlier(next);
        }
    }

    private void ArmIfEarlier(long deadline)
    {
        lock (_armLock)
        {
            if (deadline < _armedDeadline)
            {
                Arm(deadline);
            }
        }
    }

    private void Arm(long deadline)
    {
        // timerfd_settime with TFD_TIMER_ABSTIME on CLOCK_MONOTONIC; a deadline in the past fires at once (0 would disarm).
        long at = Math.Max(deadline, 1);
        itimerspec spec = default;
        spec.it_value.tv_sec = (nint)(at / 1_000_000_000);
        spec.it_value.tv_nsec = (nint)(at % 1_000_000_000);
        SystemCalls.ThrowIfFailed(SystemCalls.TimerFdSetTime(_timerFd, Libc.TFD_TIMER_ABSTIME, &spec), "timerfd_settime");
        _armedDeadline = deadline;
    }

    /// <summary><c>timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)</c>: one per loop, armed at the earliest deadline.</summary>
    private static FileDescriptorHandle CreateTimerFd()
    {
        int descriptor = (int)SystemCalls.ThrowIfFailed(SystemCalls.TimerFdCreate(Libc.CLOCK_MONOTONIC, Libc.TFD_NONBLOCK | Libc.TFD_CLOEXEC), "timerfd_create");
        return new FileDescriptorHandle(descriptor, ownsHandle: true);
    }

    private static long SaturatingNanoseconds(long ticks) =>
        ticks > long.MaxValue / NanosecondsPerTick / 2 ? long.MaxValue / 2
        : ticks < long.MinValue / NanosecondsPerTick / 2 ? long.MinValue / 2
        : ticks * NanosecondsPerTick;
}
