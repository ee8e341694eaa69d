using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.SignalDriven;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>A handler that records every report (with the kernel thread id it ran on) and, when asked, drains the
/// reported descriptor, counting the bytes; tests wait on it with bounded timeouts.</summary>
internal sealed class NotificationRecorder
{
    private readonly object _gate = new();
    private readonly List<(SignalIoNotification Notification, int ThreadId)> _seen = new();
    private readonly Dictionary<int, long> _bytes = new();
    private readonly bool _drain;

    public NotificationRecorder(bool drain = true) => _drain = drain;

    /// <summary>The handler to register.</summary>
    public void Handle(SignalIoNotification notification)
    {
        long read = _drain ? Drain(notification.Handle) : 0;
        lock (_gate)
        {
            _seen.Add((notification, KiwiShim.kiwi_gettid()));
            _bytes[notification.Descriptor] = BytesOf(notification.Descriptor) + read;
            Monitor.PulseAll(_gate);
        }
    }

    public List<(SignalIoNotification Notification, int ThreadId)> Snapshot()
    {
        lock (_gate)
        {
            return new(_seen);
        }
    }

    public long BytesOf(int descriptor)
    {
        lock (_gate)
        {
            return _bytes.TryGetValue(descriptor, out long n) ? n : 0;
        }
    }

    /// <summary>Waits until a report matches, at most <paramref name="timeoutMs"/>.</summary>
    public SignalIoNotification WaitFor(Func<SignalIoNotification, bool> match, int timeoutMs = 5000)
    {
        Assert.True(TryWaitFor(match, timeoutMs, out SignalIoNotification found),
            $"no matching report within {timeoutMs} ms; saw: {string.Join(", ", Snapshot().ConvertAll(s => s.Notification.ToString()))}");
        return found;
    }

    public bool TryWaitFor(Func<SignalIoNotification, bool> match, int timeoutMs, out SignalIoNotification found)
    {
        Stopwatch clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                foreach ((SignalIoNotification notification, _) in _seen)
                {
                    if (match(notification))
                    {
                        found = notification;
                        return true;
                    }
                }
                int left = timeoutMs - (int)clock.ElapsedMilliseconds;
                if (left <= 0)
                {
                    found = default;
                    return false;
                }
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Waits until <paramref name="descriptor"/> has delivered <paramref name="total"/> bytes in all.</summary>
    public void WaitForBytes(int descriptor, long total, int timeoutMs)
    {
        Stopwatch clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (BytesOf(descriptor) < total)
            {
                int left = timeoutMs - (int)clock.ElapsedMilliseconds;
                Assert.True(left > 0, $"fd {descriptor}: {BytesOf(descriptor)} of {total} bytes after {timeoutMs} ms");
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Reads a non-blocking descriptor until EAGAIN or end of stream.</summary>
    private static long Drain(FileDescriptorHandle handle)
    {
        Span<byte> buffer = stackalloc byte[4096];
        long total = 0;
        while (handle.TryRead(buffer, out int n) && n > 0)
        {
            total += n;
        }
        return total;
    }
}
