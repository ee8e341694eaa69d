using System;
using System.Runtime.InteropServices;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Reactor;

/// <summary>
/// One descriptor's interest set and its handlers, on one <see cref="EventLoop"/>. The channel does not own
/// the descriptor. Changing the interest registers it with the loop's epoll set, choosing
/// <c>epoll_ctl</c> ADD, MOD or DEL by the channel's state; events come back keyed by a 64-bit token that
/// names the channel's slot in its poller's table and a generation, never a pointer, so an event for a channel removed
/// earlier in the same batch is recognised and dropped. Use on the loop's thread only.
/// </summary>
public sealed class Channel
{
    private const EpollEvents ReadEvents = EpollEvents.In | EpollEvents.Priority;
    private const EpollEvents WriteEvents = EpollEvents.Out;

    private EpollEvents _interest;

    /// <summary>Creates a channel for <paramref name="descriptor"/> on <paramref name="loop"/>; nothing is registered until an Enable call.</summary>
    /// <remarks>The handle must stay open while the channel is registered; remove the channel before closing it.</remarks>
    public Channel(EventLoop loop, SafeHandle descriptor)
        : this(loop, DescriptorOf(descriptor))
    {
    }

    internal Channel(EventLoop loop, int descriptor)
    {
        ArgumentNullException.ThrowIfNull(loop);
        Loop = loop;
        Descriptor = descriptor;
    }

    /// <summary>The loop that dispatches this channel's events.</summary>
    public EventLoop Loop { get; }

    /// <summary>The descriptor number.</summary>
    public int Descriptor { get; }

    /// <summary>Called with the loop's poll-return time (nanoseconds of <see cref="MonotonicClock"/>) when the descriptor is readable, has urgent data or the peer half-closed (EPOLLIN, EPOLLPRI, EPOLLRDHUP).</summary>
    public Action<long>? ReadHandler { get; set; }

    /// <summary>Called when the descriptor is writable (EPOLLOUT).</summary>
    public Action? WriteHandler { get; set; }

    /// <summary>Called on hang-up with nothing left to read (EPOLLHUP without EPOLLIN).</summary>
    public Action? CloseHandler { get; set; }

    /// <summary>Called on an error condition (EPOLLERR).</summary>
    public Action? ErrorHandler { get; set; }

    /// <summary>Called after a handler threw (the loop has already reported the exception); typically closes what the channel serves.</summary>
    public Action<Exception>? FailureHandler { get; set; }

    /// <summary>The object this channel serves, passed as the source when an exception is reported.</summary>
    public object? Owner { get; set; }

    /// <summary>
    /// Register edge-triggered (EPOLLET): an event is reported once per change, so handlers must drain the
    /// descriptor. Applies from the next interest change.
    /// </summary>
    public bool EdgeTriggered { get; set; }

    /// <summary>The events of the last dispatch (epoll_event.events).</summary>
    public EpollEvents ReceivedEvents { get; private set; }

    /// <summary>The events this channel is registered for, without EPOLLET.</summary>
    public EpollEvents Interest => _interest;

    /// <summary>True when reading is in the interest set.</summary>
    public bool IsReading => (_interest & ReadEvents) != 0;

    /// <summary>True when writing is in the interest set.</summary>
    public bool IsWriting => (_interest & WriteEvents) != 0;

    /// <summary>True when the interest set is empty.</summary>
    public bool IsNoneEvent => _interest == 0;

    /// <summary>Where the channel stands with the loop's epoll set (<see cref="EpollPoller"/> keeps it).</summary>
    internal ChannelState State { get; set; }

    /// <summary>The channel's token in its poller's slot table, carried by each epoll event; 0 while <see cref="ChannelState.New"/>.</summary>
    internal ulong Token { get; set; }

    /// <summary>Adds EPOLLIN and EPOLLPRI to the interest set and updates the registration.</summary>
    public void EnableReading() => SetInterest(_interest | ReadEvents);

    /// <summary>Removes EPOLLIN and EPOLLPRI from the interest set and updates the registration.</summary>
    public void DisableReading() => SetInterest(_interest & ~ReadEvents);

    /// <summary>Adds EPOLLOUT to the interest set and updates the registration.</summary>
    public void EnableWriting() => SetInterest(_interest | WriteEvents);

    /// <summary>Removes EPOLLOUT from the interest set and updates the registration.</summary>
    public void DisableWriting() => SetInterest(_interest & ~WriteEvents);

    /// <summary>Empties the interest set (epoll_ctl DEL); the channel stays known to the loop until <see cref="Remove"/>.</summary>
    public void DisableAll() => SetInterest(0);

    /// <summary>Sets the whole interest set (EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLPRI...; EPOLLET comes from <see cref="EdgeTriggered"/>) and updates the registration.</summary>
    public void SetInterest(EpollEvents events)
    {
        _interest = events & ~EpollEvents.EdgeTriggered;
        Loop.UpdateChannel(this);
    }

    /// <summary>Takes the channel out of the loop (epoll_ctl DEL if registered); events still queued for it are
    /// dropped. On the loop thread, or on any thread while the loop is not running.</summary>
    public void Remove()
    {
        _interest = 0;
        Loop.RemoveChannel(this);
    }

    /// <summary>Runs the handlers that match <paramref name="events"/>, in muduo's order: close, error, read, write.</summary>
    internal void HandleEvent(uint events, long receiveTime)
    {
        ReceivedEvents = (EpollEvents)events;
        if ((events & Libc.EPOLLHUP) != 0 && (events & Libc.EPOLLIN) == 0)
        {
            CloseHandler?.Invoke();
        }
        if ((events & Libc.EPOLLERR) != 0)
        {
            ErrorHandler?.Invoke();
        }
        if ((events & (Libc.EPOLLIN | Libc.EPOLLPRI | Libc.EPOLLRDHUP)) != 0)
        {
            ReadHandler?.Invoke(receiveTime);
        }
        if ((events & Libc.EPOLLOUT) != 0)
        {
            WriteHandler?.Invoke();
        }
    }

    private static int DescriptorOf(SafeHandle descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ObjectDisposedException.ThrowIf(descriptor.IsClosed, descriptor);
        return (int)descriptor.DangerousGetHandle();
    }
}
