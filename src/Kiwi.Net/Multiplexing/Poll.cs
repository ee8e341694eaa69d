using System;
using System.Runtime.InteropServices;
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
    public static unsafe int Wait(Span<PollDescriptor> descriptors, int timeoutMs)
    {
        Deadline deadline = Deadline.Start(timeoutMs);
        fixed (PollDescriptor* entries = descriptors)
        {
            while (true)
            {
                int r = Libc.poll((pollfd*)entries, (nuint)descriptors.Length, deadline.RemainingMs());
                if (r >= 0)
                {
                    return r;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                {
                    ErrnoException.Throw("poll", errno);
                }
            }
        }
    }
}
