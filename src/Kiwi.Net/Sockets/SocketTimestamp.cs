using System;

namespace Kiwi.Net;

/// <summary>The kernel's receive time of a message (<c>SCM_TIMESTAMPNS</c>, a <c>struct timespec</c> of
/// <c>CLOCK_REALTIME</c>), delivered when <see cref="SocketOptions.ReceiveTimestamps"/> is on.</summary>
/// <param name="Seconds">Whole seconds since the Unix epoch (<c>tv_sec</c>).</param>
/// <param name="Nanoseconds">Nanoseconds within the second (<c>tv_nsec</c>).</param>
public readonly record struct SocketTimestamp(long Seconds, long Nanoseconds)
{
    /// <summary>The time as a <see cref="DateTimeOffset"/> in UTC (to its 100 ns resolution).</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddTicks(Seconds * TimeSpan.TicksPerSecond + Nanoseconds / 100);
}
