using System;
using System.Runtime.InteropServices;

namespace Kiwi.Bench.Datagrams;

/// <summary>The calling thread's CPU time (user + system) from <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, to the
/// nanosecond: /proc's process times tick at 10 ms, too coarse for one drain.</summary>
public static unsafe class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>CPU time this thread has used, in seconds.</summary>
    public static double Seconds()
    {
        long* spec = stackalloc long[2];
        if (clock_gettime(ClockThreadCpuTimeId, spec) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }
        return spec[0] + spec[1] / 1e9;
    }

    [DllImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, long* spec);
}
