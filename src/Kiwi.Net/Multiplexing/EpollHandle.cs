using System;
using System.Runtime.InteropServices;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Multiplexing;

/// <summary>
/// An epoll instance (<c>epoll_create1(2)</c>), closed with <c>close(2)</c>: register descriptors with
/// <see cref="Add(int, EpollEvents, ulong)"/>/<see cref="Modify(int, EpollEvents, ulong)"/>/<see cref="Delete(int)"/>,
/// each with a 64-bit token that comes back with its events, and collect them with <see cref="Wait"/> into a
/// caller-owned span without allocating.
/// </summary>
/// <remarks>
/// The kernel drops a registration when the last descriptor of its open file is closed, so a closed socket
/// needs no <see cref="Delete(int)"/>. <see cref="Wait"/> holds a reference on this handle for the call; an event
/// loop that owns the instance may call <see cref="RawDescriptor.EpollWait"/> instead.
/// </remarks>
public sealed class EpollHandle : FileDescriptorHandle
{
    private EpollHandle()
    {
    }

    /// <summary>Creates an epoll instance with <c>epoll_create1(EPOLL_CLOEXEC)</c>.</summary>
    public static EpollHandle Create()
    {
        EpollHandle handle = new();
        int fd = SystemCalls.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (fd < 0)
        {
            handle.Dispose();
            ErrnoException.Throw("epoll_create1", -fd);
        }
        handle.SetDescriptor(fd);
        return handle;
    }

    /// <summary>Registers a descriptor (<c>epoll_ctl(EPOLL_CTL_ADD)</c>).</summary>
    /// <param name="descriptor">The descriptor to watch.</param>
    /// <param name="events">Interest and modes (<see cref="EpollEvents.EdgeTriggered"/>, <see cref="EpollEvents.OneShot"/>,
    /// <see cref="EpollEvents.Exclusive"/>).</param>
    /// <param name="token">Returned with every event of this registration.</param>
    /// <exception cref="ErrnoException"><c>EEXIST</c> if already registered.</exception>
    public void Add(int descriptor, EpollEvents events, ulong token) => Control(Libc.EPOLL_CTL_ADD, "epoll_ctl(EPOLL_CTL_ADD)", descriptor, events, token);

    /// <summary>Registers a handle's descriptor (<c>epoll_ctl(EPOLL_CTL_ADD)</c>).</summary>
    /// <param name="handle">The descriptor to watch, held open for the call.</param>
    /// <param name="events">Interest and modes.</param>
    /// <param name="token">Returned with every event of this registration.</param>
    public void Add(SafeHandle handle, EpollEvents events, ulong token)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using DescriptorLease target = new(handle);
        Add(target.Descriptor, events, token);
    }

    /// <summary>Changes a registration's interest and token (<c>epoll_ctl(EPOLL_CTL_MOD)</c>); re-arms a one-shot one.</summary>
    /// <param name="descriptor">A registered descriptor.</param>
    /// <param name="events">The new interest and modes.</param>
    /// <param name="token">The new token.</param>
    /// <exception cref="ErrnoException"><c>ENOENT</c> if not registered.</exception>
    public void Modify(int descriptor, EpollEvents events, ulong token) => Control(Libc.EPOLL_CTL_MOD, "epoll_ctl(EPOLL_CTL_MOD)", descriptor, events, token);

    /// <summary>Changes a registration (<c>epoll_ctl(EPOLL_CTL_MOD)</c>).</summary>
    /// <param name="handle">A registered descriptor, held open for the call.</param>
    /// <param name="events">The new interest and modes.</param>
    /// <param name="token">The new token.</param>
    public void Modify(SafeHandle handle, EpollEvents events, ulong token)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using DescriptorLease target = new(handle);
        Modify(target.Descriptor, events, token);
    }

    /// <summary>Removes a registration (<c>epoll_ctl(EPOLL_CTL_DEL)</c>).</summary>
    /// <param name="descriptor">A registered descriptor.</param>
    /// <exception cref="ErrnoException"><c>ENOENT</c> if not registered.</exception>
    public void Delete(int descriptor) => Control(Libc.EPOLL_CTL_DEL, "epoll_ctl(EPOLL_CTL_DEL)", descriptor, EpollEvents.None, 0);

    /// <summary>Removes a registration (<c>epoll_ctl(EPOLL_CTL_DEL)</c>).</summary>
    /// <param name="handle">A registered descriptor, held open for the call.</param>
    public void Delete(SafeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using DescriptorLease target = new(handle);
        Delete(target.Descriptor);
    }

    /// <summary>Waits with <c>epoll_wait(2)</c> (through the shim, no allocation) and writes ready events into
    /// <paramref name="events"/>; an interrupted wait is retried for the time that remains.</summary>
    /// <remarks>Events already ready cost one <c>epoll_wait</c>. Otherwise the wait is a <c>poll(2)</c> on the epoll
    /// descriptor beside this handle's abort eventfd (and a token's), then <c>epoll_wait</c> again, so that another
    /// thread's Dispose or the token ends it.</remarks>
    /// <param name="events">Room for events; its length is <c>maxevents</c> (at least 1).</param>
    /// <param name="timeoutMs">Milliseconds; -1 waits forever, 0 returns at once.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The number of events written; 0 on timeout.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeoutMs"/> is below -1.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed, before or during the wait.</exception>
    public int Wait(Span<EpollEvent> events, int timeoutMs, CancellationToken cancellationToken = default)
    {
        if (events.IsEmpty)
        {
            throw new ArgumentException("epoll_wait needs room for at least one event.", nameof(events));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(timeoutMs, -1);
        TimeSpan? timeout = timeoutMs < 0 ? null : TimeSpan.FromMilliseconds(timeoutMs);
        BlockingCall wait = new(this, "epoll_wait", timeout, cancellationToken, timeoutOption: 0);
        using DescriptorLease lease = new(this);
        while (true)
        {
            int ready = (int)RawDescriptor.ThrowIfError(RawDescriptor.EpollWait(lease.Descriptor, events, 0), "epoll_wait");
            wait.ThrowIfDisposed();
            if (ready > 0 || timeoutMs == 0)
            {
                return ready;
            }
            try
            {
                wait.WaitReady(PollEvents.In);
            }
            catch (TimeoutException)
            {
                return 0;
            }
        }
    }

    private unsafe void Control(int operation, string call, int descriptor, EpollEvents events, ulong token)
    {
        EpollEvent native = new(events, token);
        using DescriptorLease lease = new(this);
        SystemCalls.ThrowIfFailed(SystemCalls.EpollCtl(lease.Descriptor, operation, descriptor, (epoll_event*)&native), call);
    }
}
