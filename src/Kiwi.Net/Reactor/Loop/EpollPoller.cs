using System;
using System.Runtime.InteropServices;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Reactor;

/// <summary>
/// The Reactor's poller, as muduo's <c>Poller</c> and mio's <c>Selector</c>: owns one epoll set
/// (<see cref="EpollHandle"/>), the event array <c>epoll_wait(2)</c> fills (doubled when it comes back full), and the
/// table of registered channels, keyed by the token each registration carries so that no managed reference goes
/// into the kernel. A channel's <see cref="ChannelState"/> picks <c>EPOLL_CTL_ADD</c>, <c>MOD</c> or <c>DEL</c>.
/// Used only on its loop's thread (the <see cref="EventLoop"/> asserts it).
/// </summary>
internal sealed unsafe class EpollPoller : IDisposable
{
    private const int InitialEventCapacity = 128;
    private const int MaximumEventCapacity = 1 << 16;

    private readonly EpollHandle _epoll;
    private readonly int _epollFd;
    private readonly SlotTable<Channel> _channels = new();
    private epoll_event* _events;
    private int _eventCapacity;
    private int _ready;
    private bool _disposed;

    /// <summary>Creates the epoll set (<c>epoll_create1(EPOLL_CLOEXEC)</c>) and the event array.</summary>
    /// <exception cref="ErrnoException">epoll_create1 failed (e.g. <c>EMFILE</c>).</exception>
    public EpollPoller()
    {
        _epoll = EpollHandle.Create();
        _epollFd = _epoll.DangerousGetDescriptor();
        _eventCapacity = InitialEventCapacity;
        _events = (epoll_event*)NativeMemory.Alloc((nuint)_eventCapacity, (nuint)sizeof(epoll_event));
    }

    /// <summary>Channels registered (or detached but still known).</summary>
    public int ChannelCount => _channels.Count;

    /// <summary>Waits with <c>epoll_wait(2)</c> (the shim's <c>kiwi_epoll_wait</c>, which resumes after a signal);
    /// the ready events are then read with <see cref="TryGetReady"/>.</summary>
    /// <param name="timeoutMs">Milliseconds; -1 waits forever.</param>
    /// <returns>The number of ready events.</returns>
    /// <exception cref="ErrnoException">epoll_wait failed.</exception>
    public int Wait(int timeoutMs)
    {
        if (_ready == _eventCapacity && _eventCapacity < MaximumEventCapacity)
        {
            GrowEvents();
        }
        _ready = (int)SystemCalls.ThrowIfFailed(SystemCalls.EpollWait(_epollFd, _events, _eventCapacity, timeoutMs), "epoll_wait");
        return _ready;
    }

    /// <summary>The channel and events of the <paramref name="index"/>-th ready event of the last <see cref="Wait"/>;
    /// false when the channel was removed since (by an earlier handler of the same batch).</summary>
    public bool TryGetReady(int index, out Channel channel, out uint events)
    {
        events = _events[index].events;
        return _channels.TryGet(_events[index].data.u64, out channel);
    }

    /// <summary>Brings the kernel's registration in line with <see cref="Channel.Interest"/>: adds a new channel
    /// with a token, modifies an added one, and detaches (<c>EPOLL_CTL_DEL</c>, token kept) one with no interest.</summary>
    public void Update(Channel channel)
    {
        EpollEvents events = channel.Interest | (channel.EdgeTriggered ? EpollEvents.EdgeTriggered : EpollEvents.None);
        switch (channel.State)
        {
            case ChannelState.New when !channel.IsNoneEvent:
                channel.Token = _channels.Add(channel);
                try
                {
                    _epoll.Add(channel.Descriptor, events, channel.Token);
                }
                catch
                {
                    // Refused (EBADF, EPERM for a regular file...): the slot goes back, the channel count stays true.
                    _channels.Remove(channel.Token);
                    channel.Token = 0;
                    throw;
                }
                channel.State = ChannelState.Added;
                break;
            case ChannelState.Detached when !channel.IsNoneEvent:
                _epoll.Add(channel.Descriptor, events, channel.Token);
                channel.State = ChannelState.Added;
                break;
            case ChannelState.Added when channel.IsNoneEvent:
                _epoll.Delete(channel.Descriptor);
                channel.State = ChannelState.Detached;
                break;
            case ChannelState.Added:
                _epoll.Modify(channel.Descriptor, events, channel.Token);
                break;
        }
    }

    /// <summary>Forgets <paramref name="channel"/>: out of the epoll set, and its token stale, so an event still
    /// queued for it in this batch reaches nobody.</summary>
    public void Remove(Channel channel)
    {
        if (channel.State == ChannelState.New)
        {
            return;
        }
        if (channel.State == ChannelState.Added && !_disposed)
        {
            _epoll.Delete(channel.Descriptor);
        }
        _channels.Remove(channel.Token);
        channel.Token = 0;
        channel.State = ChannelState.New;
    }

    /// <summary>True if <paramref name="channel"/> is in the table.</summary>
    public bool Contains(Channel channel)
        => channel.State != ChannelState.New && _channels.TryGet(channel.Token, out Channel known) && known == channel;

    /// <summary>Closes the epoll set (<c>close(2)</c>) and frees the event array.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _epoll.Dispose();
        NativeMemory.Free(_events);
        _events = null;
    }

    private void GrowEvents()
    {
        // A full array means more descriptors were ready than fit: double it, as muduo does.
        int capacity = _eventCapacity * 2;
        NativeMemory.Free(_events);
        _events = (epoll_event*)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(epoll_event));
        _eventCapacity = capacity;
    }
}
