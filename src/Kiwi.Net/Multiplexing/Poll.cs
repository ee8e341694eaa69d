using System;
using Kiwi.Interop;

namespace Kiwi.Net.Multiplexing;

/// <summary><c>poll(2)</c> over a caller-owned span of entries: no descriptor limit (unlike select), no allocation.</summary>
public static class Poll
{
    /// <summary>Waits with <c>poll(2)</c> until an entry is ready or the timeout passes; an interrupted wait is
    /// retried for the time that remains.</summary>
    /// <param name="descriptors">The entries; <c>poll</c> writes each one's <see cref="PollDescriptor.ReturnedEvents"/>.</param>
    /// <param name="timeoutMs">Milliseconds; -1 waits forever, 0 returns at once.</param>
    /// <returns>How many entries have non-zero returned events; 0 on timeout.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeoutMs"/> is below -1.</exception>
    public static unsafe int Wait(Span<PollDescriptor> descriptors, int timeoutMs)
    {
        // poll treats every negative timeout as "forever"; only -1 is meant so, anything else is a caller's bug.
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutMs, -1);
        fixed (PollDescriptor* entries = descriptors)
        {
            return WaitRaw((pollfd*)entries, (nuint)descriptors.Length, timeoutMs);
        }
    }

    // The shim's kiwi_poll returns -errno (no SetLastError) and resumes an interrupted wait for what remains.
    private static unsafe int WaitRaw(pollfd* entries, nuint count, int timeoutMs)
        => (int)SystemCalls.ThrowIfFailed(SystemCalls.Poll(entries, count, timeoutMs), "poll");
}
