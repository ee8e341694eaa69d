using System;
using System.Diagnostics;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

/// <summary>
/// The waiting half of one blocking call (<c>Receive</c>, <c>Accept</c>, <c>Send</c>, ...): its bound (a timeout,
/// a token, or the socket's <c>SO_RCVTIMEO</c>/<c>SO_SNDTIMEO</c>), and the waits between attempts, which end when
/// the handle is disposed. Read its descriptor's mode only when a bound needs it, so an unbounded call costs nothing.
/// </summary>
internal ref struct BlockingCall
{
    private readonly FileDescriptorHandle _handle;
    private readonly string _call;
    private readonly CancellationToken _token;
    private readonly int _timeoutOption;
    private readonly bool _bounded;
    private long _deadline;
    private TimeSpan _timeout;
    private int _blockingMode;

    /// <summary>Starts a call on <paramref name="handle"/>.</summary>
    /// <param name="handle">The descriptor.</param>
    /// <param name="call">The C call, for exceptions.</param>
    /// <param name="timeout">The caller's bound; null leaves it to <paramref name="timeoutOption"/>.</param>
    /// <param name="token">Ends the call with <see cref="OperationCanceledException"/>.</param>
    /// <param name="timeoutOption"><c>SO_RCVTIMEO</c> or <c>SO_SNDTIMEO</c> for a socket, else 0.</param>
    public BlockingCall(FileDescriptorHandle handle, string call, TimeSpan? timeout, CancellationToken token, int timeoutOption)
    {
        _handle = handle;
        _call = call;
        _token = token;
        _timeoutOption = timeoutOption;
        _deadline = DeadlineOf(timeout, nameof(timeout));
        _timeout = timeout ?? Timeout.InfiniteTimeSpan;
        _bounded = timeout is not null || token.CanBeCanceled;
        _blockingMode = -1;
        token.ThrowIfCancellationRequested();
    }

    /// <summary>Before an attempt: when the call is bounded and the descriptor blocks in the kernel, waits for
    /// readiness first, so that the attempt cannot block past the bound.</summary>
    public void BeforeAttempt(PollEvents events)
    {
        if (_bounded && IsBlockingMode())
        {
            Wait(events);
        }
    }

    /// <summary>After an attempt that said <c>EAGAIN</c>: waits for <paramref name="events"/>, or reports the
    /// kernel's own <c>SO_RCVTIMEO</c>/<c>SO_SNDTIMEO</c> expiry on a blocking socket as a timeout.</summary>
    public void AfterWouldBlock(PollEvents events)
    {
        if (!_bounded)
        {
            if (IsBlockingMode())
            {
                // A blocking socket says EAGAIN only when its SO_RCVTIMEO/SO_SNDTIMEO ran out.
                throw new TimeoutException($"{_call}: the socket's {(_timeoutOption == Libc.SO_SNDTIMEO ? "SO_SNDTIMEO" : "SO_RCVTIMEO")} expired.");
            }
            if (_deadline == long.MaxValue && _timeoutOption != 0)
            {
                // A non-blocking socket: honour the option here, where the kernel does not.
                TimeSpan option = ReadTimeoutOption();
                if (option > TimeSpan.Zero)
                {
                    _timeout = option;
                    _deadline = Stopwatch.GetTimestamp() + (long)(option.TotalSeconds * Stopwatch.Frequency);
                }
            }
        }
        Wait(events);
    }

    /// <summary>After a completed attempt: throws <see cref="ObjectDisposedException"/> if Dispose began meanwhile
    /// (a shut-down socket's 0 or <c>EINVAL</c> is not the caller's answer).</summary>
    public readonly void ThrowIfDisposed() => _handle.ThrowIfDisposeRequested(_call);

    /// <summary>True when Dispose began: an error of the attempt is then reported as <see cref="ObjectDisposedException"/>.</summary>
    public readonly bool IsDisposed => _handle.IsDisposeRequested;

    /// <summary>A <see cref="Stopwatch"/> timestamp <paramref name="timeout"/> from now; <see cref="long.MaxValue"/> for none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public static long DeadlineOf(TimeSpan? timeout, string parameter)
    {
        if (timeout is not TimeSpan value || value == Timeout.InfiniteTimeSpan)
        {
            return long.MaxValue;
        }
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameter, value, "A timeout cannot be negative (Timeout.InfiniteTimeSpan waits forever).");
        }
        double ticks = value.TotalSeconds * Stopwatch.Frequency;
        long now = Stopwatch.GetTimestamp();
        return ticks >= long.MaxValue - now ? long.MaxValue - 1 : now + (long)ticks;
    }

    /// <summary>Milliseconds until <paramref name="deadline"/> for <c>poll</c>: -1 for none, rounded up, never negative.</summary>
    public static int RemainingMs(long deadline)
    {
        if (deadline == long.MaxValue)
        {
            return -1;
        }
        long left = deadline - Stopwatch.GetTimestamp();
        if (left <= 0)
        {
            return 0;
        }
        double ms = Math.Ceiling(left * 1000.0 / Stopwatch.Frequency);
        return ms >= int.MaxValue ? int.MaxValue : (int)ms;
    }

    /// <summary>Waits for <paramref name="events"/> within the call's bound.</summary>
    public readonly void WaitReady(PollEvents events) => Wait(events);

    private readonly void Wait(PollEvents events)
    {
        using DescriptorLease lease = new(_handle);
        _handle.WaitForReady(lease.Descriptor, events, _deadline, _token, _call, _timeout);
    }

    private bool IsBlockingMode()
    {
        if (_blockingMode < 0)
        {
            _blockingMode = _handle.IsNonBlocking ? 0 : 1;
        }
        return _blockingMode == 1;
    }

    private readonly unsafe TimeSpan ReadTimeoutOption()
    {
        Span<long> timeval = stackalloc long[2];
        using DescriptorLease lease = new(_handle);
        uint length = sizeof(long) * 2;
        fixed (long* value = timeval)
        {
            if (SystemCalls.GetSockOpt(lease.Descriptor, Libc.SOL_SOCKET, _timeoutOption, value, &length) < 0)
            {
                return TimeSpan.Zero;
            }
        }
        return TimeSpan.FromTicks(timeval[0] * TimeSpan.TicksPerSecond + timeval[1] * TimeSpan.TicksPerMicrosecond);
    }
}
