using System.Diagnostics;

namespace Kiwi.Net.Reactor;

/// <summary>
/// Time in nanoseconds of CLOCK_MONOTONIC, the clock a timerfd created with CLOCK_MONOTONIC compares
/// against; it does not jump when the wall clock is set.
/// </summary>
public static class MonotonicClock
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Now, in nanoseconds of CLOCK_MONOTONIC (<c>clock_gettime</c>, through <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static long NowNanoseconds
    {
        get
        {
            long ticks = Stopwatch.GetTimestamp();
            // On Linux the frequency is 1 GHz, so this is the identity; scale anywhere else.
            return Stopwatch.Frequency == NanosecondsPerSecond
                ? ticks
                : (long)((double)ticks * NanosecondsPerSecond / Stopwatch.Frequency);
        }
    }
}
