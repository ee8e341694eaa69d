using System;
using Kiwi.Interop;

namespace Kiwi.Net.Multiplexing;

/// <summary><c>select(2)</c> over <see cref="FdSet"/>s.</summary>
public static class Select
{
    /// <summary>Waits with <c>select(2)</c> until a descriptor in a set is ready or the timeout passes. On return
    /// each set holds only its ready descriptors (test with <see cref="FdSet.Contains(int)"/>); refill the sets
    /// before the next call. An interrupted wait is retried for the time that remains.</summary>
    /// <param name="read">Descriptors to watch for readability, or null.</param>
    /// <param name="write">Descriptors to watch for writability, or null.</param>
    /// <param name="except">Descriptors to watch for exceptional conditions (urgent data), or null.</param>
    /// <param name="timeout">How long to wait; null waits forever, <see cref="TimeSpan.Zero"/> returns at once.</param>
    /// <returns>The number of ready descriptors summed over the sets; 0 on timeout.</returns>
    public static unsafe int Wait(FdSet? read, FdSet? write, FdSet? except, TimeSpan? timeout)
    {
        if (timeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "select's timeout cannot be negative.");
        }
        // Rounded up, so that a sub-millisecond timeout still waits rather than polls.
        int timeoutMs = timeout is TimeSpan t ? (int)Math.Min(Math.Ceiling(t.TotalMilliseconds), int.MaxValue) : -1;
        int nfds = 1 + Math.Max(read?.HighestDescriptor ?? -1, Math.Max(write?.HighestDescriptor ?? -1, except?.HighestDescriptor ?? -1));
        timeval wait = new() { tv_sec = timeoutMs / 1000, tv_usec = timeoutMs % 1000 * 1000 };
        fixed (fd_set* readBits = read)
        fixed (fd_set* writeBits = write)
        fixed (fd_set* exceptBits = except)
        {
            // The shim's kiwi_select resumes an interrupted wait for the time that remains.
            return (int)SystemCalls.ThrowIfFailed(SystemCalls.Select(nfds, readBits, writeBits, exceptBits, timeoutMs < 0 ? null : &wait), "select");
        }
    }
}
