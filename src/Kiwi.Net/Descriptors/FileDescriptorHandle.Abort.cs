using System;
using System.Diagnostics;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

// Dispose against calls in flight: a count of calls inside leases, a flag that refuses new ones, and an eventfd
// (made on the first wait) that Dispose writes so that every wait in poll wakes up.
public partial class FileDescriptorHandle
{
    private int _disposeRequested;
    private int _calls;
    private int _abortDescriptor = -1;

    /// <summary>True once <c>Dispose()</c> has begun, even while calls in flight still hold the
    /// descriptor open.</summary>
    public bool IsDisposeRequested => Volatile.Read(ref _disposeRequested) != 0;

    /// <summary>Waits with <c>poll(2)</c> until the descriptor reports one of <paramref name="events"/> (or an
    /// error/hang-up). Unlike <see cref="RawDescriptor.WaitFor"/> it holds the descriptor open for the wait and ends
    /// when another thread disposes the handle.</summary>
    /// <param name="events">What to wait for (<see cref="PollEvents.In"/>, <see cref="PollEvents.Out"/>, ...).</param>
    /// <param name="timeout">How long to wait; null or <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The returned events, or <see cref="PollEvents.None"/> when <paramref name="timeout"/> passed.</returns>
    /// <exception cref="ObjectDisposedException">The handle was disposed before or during the wait.</exception>
    public PollEvents WaitFor(PollEvents events, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        long deadline = BlockingCall.DeadlineOf(timeout, nameof(timeout));
        using DescriptorLease lease = new(this);
        try
        {
            return WaitForReady(lease.Descriptor, events, deadline, cancellationToken, "poll", timeout ?? Timeout.InfiniteTimeSpan);
        }
        catch (TimeoutException)
        {
            return PollEvents.None;
        }
    }

    /// <summary>Counts a call in; false (and nothing counted) once Dispose has begun.</summary>
    internal bool TryEnterCall()
    {
        // Counted first, then the flag read: Dispose sets the flag first, then reads the count (both full fences),
        // so either this call sees the flag or Dispose sees the call.
        Interlocked.Increment(ref _calls);
        if (Volatile.Read(ref _disposeRequested) != 0)
        {
            Interlocked.Decrement(ref _calls);
            return false;
        }
        return true;
    }

    /// <summary>Counts a call out.</summary>
    internal void ExitCall() => Interlocked.Decrement(ref _calls);

    /// <summary>Refuses new calls, aborts those in flight (see the type's remarks), then releases the owner's
    /// reference: the descriptor closes when the last call leaves.</summary>
    /// <param name="disposing">True from <c>Dispose()</c>, false from the finalizer.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposeRequested, 1) == 0 && Volatile.Read(ref _calls) > 0 && !IsInvalid)
        {
            // The owner's reference is still held here, so the number is still this descriptor's.
            AbortCalls((int)handle);
        }
        base.Dispose(disposing);
    }

    /// <summary>True when <see cref="AbortCalls"/> wakes waits in <c>poll</c> by itself (a socket's shutdown), so that
    /// no abort eventfd is needed.</summary>
    private protected virtual bool WakesWaitsByShutdown => false;

    /// <summary>Ends the calls in flight on <paramref name="descriptor"/>: wakes every wait in <c>poll</c>. A socket
    /// adds <c>shutdown(SHUT_RDWR)</c> for calls blocked in the kernel.</summary>
    /// <param name="descriptor">This handle's descriptor, still open.</param>
    private protected virtual unsafe void AbortCalls(int descriptor)
    {
        int abort = Volatile.Read(ref _abortDescriptor);
        if (abort >= 0)
        {
            ulong one = 1;
            SystemCalls.Write(abort, &one, sizeof(ulong));
        }
    }

    /// <summary>Waits with <c>poll</c> for <paramref name="events"/> on <paramref name="descriptor"/>, this
    /// handle's abort eventfd and, when <paramref name="token"/> can be cancelled, an eventfd of this call.</summary>
    /// <returns>The descriptor's returned events.</returns>
    /// <exception cref="ObjectDisposedException">Dispose began.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="token"/> was cancelled.</exception>
    /// <exception cref="TimeoutException"><paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp) passed.</exception>
    internal unsafe PollEvents WaitForReady(int descriptor, PollEvents events, long deadline, CancellationToken token, string call, TimeSpan timeout)
    {
        // A socket needs no eventfd: Dispose's shutdown(SHUT_RDWR) wakes its poll (POLLHUP) and costs no descriptor.
        int abort = WakesWaitsByShutdown ? -1 : AbortDescriptor();
        // After publishing the abort eventfd: a Dispose that began before it could not write it.
        ThrowIfDisposeRequested(call);
        token.ThrowIfCancellationRequested();
        int cancel = -1;
        CancellationTokenRegistration registration = default;
        if (token.CanBeCanceled)
        {
            cancel = (int)SystemCalls.ThrowIfFailed(SystemCalls.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK), "eventfd");
            registration = token.UnsafeRegister(static state =>
            {
                ulong one = 1;
                SystemCalls.Write((int)state!, &one, sizeof(ulong));
            }, cancel);
        }
        try
        {
            pollfd* entries = stackalloc pollfd[3];
            entries[0] = new pollfd { fd = descriptor, events = (short)events };
            // poll skips an entry whose descriptor is negative.
            entries[1] = new pollfd { fd = abort, events = (short)PollEvents.In };
            entries[2] = new pollfd { fd = cancel, events = (short)PollEvents.In };
            nuint count = cancel >= 0 ? 3u : 2u;
            while (true)
            {
                int ready = (int)SystemCalls.ThrowIfFailed(SystemCalls.Poll(entries, count, BlockingCall.RemainingMs(deadline)), "poll");
                ThrowIfDisposeRequested(call);
                token.ThrowIfCancellationRequested();
                if (entries[0].revents != 0)
                {
                    return (PollEvents)entries[0].revents;
                }
                if (ready == 0 && BlockingCall.RemainingMs(deadline) == 0)
                {
                    throw new TimeoutException($"{call}: no progress within {timeout.TotalMilliseconds:0.###} ms.");
                }
            }
        }
        finally
        {
            // Dispose waits for a running callback, so the eventfd is never written after it is closed.
            registration.Dispose();
            if (cancel >= 0)
            {
                SystemCalls.Close(cancel);
            }
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> naming <paramref name="call"/> once Dispose has begun.</summary>
    internal void ThrowIfDisposeRequested(string call)
    {
        if (IsDisposeRequested)
        {
            throw new ObjectDisposedException(GetType().Name, $"{call}: the descriptor was disposed while the call was in flight.");
        }
    }

    private int AbortDescriptor()
    {
        int abort = Volatile.Read(ref _abortDescriptor);
        if (abort >= 0)
        {
            return abort;
        }
        int created = (int)SystemCalls.ThrowIfFailed(SystemCalls.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK), "eventfd");
        int published = Interlocked.CompareExchange(ref _abortDescriptor, created, -1);
        if (published >= 0)
        {
            // Another waiter made one first.
            SystemCalls.Close(created);
            return published;
        }
        return created;
    }

    private void CloseAbortDescriptor()
    {
        int abort = Interlocked.Exchange(ref _abortDescriptor, -1);
        if (abort >= 0)
        {
            SystemCalls.Close(abort);
        }
    }
}
