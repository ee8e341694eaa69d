using System.Diagnostics;

namespace Kiwi.Net;

/// <summary>
/// The time left of a millisecond timeout, so that a wait interrupted by a signal (<c>EINTR</c>) is retried for
/// what remains rather than from the start. Reads the clock only for a positive timeout.
/// </summary>
internal readonly struct Deadline
{
    private readonly long _start;
    private readonly int _timeoutMs;

    private Deadline(long start, int timeoutMs)
    {
        _start = start;
        _timeoutMs = timeoutMs;
    }

    /// <summary>Starts a deadline; a negative timeout means "forever", zero means "do not wait".</summary>
    public static Deadline Start(int timeoutMs) => new(timeoutMs > 0 ? Stopwatch.GetTimestamp() : 0, timeoutMs);

    /// <summary>Milliseconds left (never negative), or the original value for "forever" and "do not wait".</summary>
    public int RemainingMs()
    {
        if (_timeoutMs <= 0)
        {
            return _timeoutMs;
        }
        long elapsedMs = (long)Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
        return elapsedMs >= _timeoutMs ? 0 : (int)(_timeoutMs - elapsedMs);
    }
}
