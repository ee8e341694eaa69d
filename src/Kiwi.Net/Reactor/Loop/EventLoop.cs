using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Reactor;

/// <summary>
/// One thread's reactor: an epoll set, an eventfd to wake it from other threads and a timerfd for its
/// timers. The loop belongs to the thread that created it; <see cref="Run"/> must be called there, and every
/// call that touches its channels asserts that it runs there. Other threads hand work to it with
/// <see cref="RunInLoop(Action)"/>/<see cref="QueueInLoop(Action)"/> (run after the current poll) and stop it
/// with <see cref="Quit"/>. An exception from a handler or queued call is reported through
/// <see cref="ErrorReported"/> and the loop goes on.
/// </summary>
public sealed unsafe partial class EventLoop : IDisposable
{
    private const int InitialEventCapacity = 128;
    private const int MaximumEventCapacity = 1 << 16;

    [ThreadStatic]
    private static EventLoop? t_loopOfThisThread;

    private static readonly Action<object?> s_runAction = static state => ((Action)state!)();

    private readonly int _threadId;
    private readonly EpollHandle _epoll;
    private readonly int _epollFd;
    private readonly EventFdHandle _wakeup;
    private readonly int _wakeupFd;
    private readonly Channel _wakeupChannel;

    private epoll_event* _events;
    private int _eventCapacity;

    private Channel?[] _channels = new Channel?[64];
    private uint[] _slotGenerations = new uint[64];
    private int[] _freeSlots = new int[64];
    private int _freeSlotCount;
    private int _usedSlots;
    private int _channelCount;

    private readonly object _pendingLock = new();
    private PendingCall[] _pending = new PendingCall[64];
    private int _pendingCount;
    private PendingCall[] _running = new PendingCall[64];
    private int _wakeupRequested;

    private volatile bool _quit;
    private bool _looping;
    private bool _callingPending;
    private bool _disposed;
    private long _iterations;
    private long _pollReturnTime;

    private struct PendingCall
    {
        public Action<object?> Callback;
        public object? State;
    }

    /// <summary>
    /// Creates a loop owned by the calling thread: <c>epoll_create1</c>, <c>eventfd</c> and <c>timerfd_create</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This thread already has a loop.</exception>
    /// <exception cref="ErrnoException">A descriptor could not be created.</exception>
    public EventLoop()
    {
        if (t_loopOfThisThread is not null)
        {
            throw new InvalidOperationException($"EventLoop: thread {Environment.CurrentManagedThreadId} already has a loop; one loop per thread.");
        }
        _threadId = Environment.CurrentManagedThreadId;
        try
        {
            _epoll = EpollHandle.Create();
            _epollFd = _epoll.DangerousGetDescriptor();
            _wakeup = EventFdHandle.Create(nonBlocking: true);
            _wakeupFd = _wakeup.DangerousGetDescriptor();
            _timerFdHandle = CreateTimerFd();
            _timerFd = _timerFdHandle.DangerousGetDescriptor();
        }
        catch
        {
            _timerFdHandle?.Dispose();
            _wakeup?.Dispose();
            _epoll?.Dispose();
            throw;
        }
        _eventCapacity = InitialEventCapacity;
        _events = (epoll_event*)NativeMemory.Alloc((nuint)_eventCapacity, (nuint)sizeof(epoll_event));
        _wakeupChannel = new Channel(this, _wakeupFd) { ReadHandler = _ => DrainWakeup(), Owner = this };
        _wakeupChannel.EnableReading();
        _timerChannel = new Channel(this, _timerFd) { ReadHandler = _ => HandleTimers(), Owner = this };
        _timerChannel.EnableReading();
        t_loopOfThisThread = this;
    }

    /// <summary>The loop of the calling thread, or null.</summary>
    public static EventLoop? Current => t_loopOfThisThread;

    /// <summary>True when called on the loop's own thread.</summary>
    public bool IsInLoopThread => Environment.CurrentManagedThreadId == _threadId;

    /// <summary>The managed id of the thread that owns the loop.</summary>
    public int ThreadId => _threadId;

    /// <summary>True while <see cref="Run"/> is running.</summary>
    public bool IsRunning => Volatile.Read(ref _looping);

    /// <summary>How many times <c>epoll_wait</c> has returned.</summary>
    public long Iterations => Volatile.Read(ref _iterations);

    /// <summary>When the last <c>epoll_wait</c> returned, nanoseconds of <see cref="MonotonicClock"/>.</summary>
    public long PollReturnTime => _pollReturnTime;

    /// <summary>Number of channels registered with the loop (its own wake-up and timer channels not counted).</summary>
    public int ChannelCount => _channelCount - 2;

    /// <summary>
    /// Raised on the loop thread when a handler, queued call or timer threw, or when a component reports a
    /// condition it survived (e.g. descriptors exhausted). With no subscriber the error is written to stderr.
    /// </summary>
    public event EventHandler<ReactorErrorEventArgs>? ErrorReported;

    /// <summary>Throws unless called on the loop's thread.</summary>
    /// <exception cref="InvalidOperationException">Called on another thread.</exception>
    public void AssertInLoopThread()
    {
        if (!IsInLoopThread)
        {
            ThrowNotInLoopThread();
        }
    }

    /// <summary>
    /// Polls and dispatches until <see cref="Quit"/>: <c>epoll_wait</c> (through the shim's <c>kiwi_epoll_wait</c>),
    /// the handlers of every ready channel, then the calls queued by other threads.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not on the loop's thread, already running, or disposed.</exception>
    /// <exception cref="ErrnoException"><c>epoll_wait</c> failed (a signal is not a failure: the shim resumes the wait).</exception>
    public void Run()
    {
        AssertInLoopThread();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_looping)
        {
            throw new InvalidOperationException("EventLoop.Run: the loop is already running.");
        }
        Volatile.Write(ref _looping, true);
        try
        {
            while (!_quit)
            {
                int ready = (int)SystemCalls.ThrowIfFailed(SystemCalls.EpollWait(_epollFd, _events, _eventCapacity, -1), "epoll_wait");
                _pollReturnTime = MonotonicClock.NowNanoseconds;
                Volatile.Write(ref _iterations, _iterations + 1);
                for (int i = 0; i < ready; i++)
                {
                    Dispatch((ulong)_events[i].data.u64, _events[i].events);
                }
                if (ready == _eventCapacity && _eventCapacity < MaximumEventCapacity)
                {
                    GrowEvents();
                }
                RunPendingCalls();
            }
        }
        finally
        {
            _quit = false;
            Volatile.Write(ref _looping, false);
        }
    }

    /// <summary>Makes <see cref="Run"/> return after the current iteration; from any thread.</summary>
    public void Quit()
    {
        _quit = true;
        if (!IsInLoopThread)
        {
            Wakeup();
        }
    }

    /// <summary>Runs <paramref name="action"/> now if called on the loop thread, else queues it to run there after the current poll.</summary>
    public void RunInLoop(Action action)
    {
        if (IsInLoopThread)
        {
            action();
        }
        else
        {
            QueueInLoop(action);
        }
    }

    /// <summary>Queues <paramref name="action"/> to run on the loop thread after the current poll; from any thread, in order.</summary>
    public void QueueInLoop(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        QueueInLoop(s_runAction, action);
    }

    /// <summary>Queues <paramref name="callback"/>(<paramref name="state"/>) like <see cref="QueueInLoop(Action)"/>; with a static callback it allocates nothing.</summary>
    public void QueueInLoop(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_pendingLock)
        {
            if (_pendingCount == _pending.Length)
            {
                Array.Resize(ref _pending, _pending.Length * 2);
            }
            _pending[_pendingCount++] = new PendingCall { Callback = callback, State = state };
        }
        // From the loop thread a wake-up is needed only while it is running queued calls (it will not poll first).
        if (!IsInLoopThread || _callingPending)
        {
            Wakeup();
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the loop thread and waits for it: inline on the loop thread or when the
    /// loop is not running (then nothing else touches it), else queued.
    /// </summary>
    internal void RunInLoopAndWait(Action action)
    {
        if (IsInLoopThread || !IsRunning)
        {
            action();
            return;
        }
        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        QueueInLoop(() =>
        {
            try
            {
                action();
            }
            catch (Exception error)
            {
                failure = error;
            }
            finally
            {
                done.Set();
            }
        });
        // If the loop stops before running it, the queued call is dropped with the loop: do not wait forever.
        while (!done.Wait(50))
        {
            if (!IsRunning)
            {
                break;
            }
        }
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Number of queued calls not yet run.</summary>
    public int PendingCallCount
    {
        get
        {
            lock (_pendingLock)
            {
                return _pendingCount;
            }
        }
    }

    /// <summary>Wakes the loop from <c>epoll_wait</c> by writing its eventfd; repeated requests before it wakes cost nothing.</summary>
    public void Wakeup()
    {
        if (Interlocked.Exchange(ref _wakeupRequested, 1) == 0)
        {
            ulong one = 1;
            // EAGAIN only if the counter is near overflow, and then the loop is awake anyway.
            SystemCalls.Write(_wakeupFd, &one, sizeof(ulong));
        }
    }

    /// <summary>Reports an error the loop survived through <see cref="ErrorReported"/> (stderr if nobody listens).</summary>
    public void ReportError(Exception exception, object? source)
    {
        ArgumentNullException.ThrowIfNull(exception);
        EventHandler<ReactorErrorEventArgs>? handlers = ErrorReported;
        if (handlers is null)
        {
            WriteToStandardError($"Kiwi.Net.Reactor: {source?.GetType().Name ?? "EventLoop"}: {exception}");
            return;
        }
        try
        {
            handlers(this, new ReactorErrorEventArgs(exception, source));
        }
        catch (Exception inner)
        {
            WriteToStandardError($"Kiwi.Net.Reactor: ErrorReported handler threw: {inner}");
        }
    }

    // Apart, so that compiling ReportError never loads System.Console: out of descriptors, loading an assembly fails.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WriteToStandardError(string message) => Console.Error.WriteLine(message);

    /// <summary>Closes the epoll, eventfd and timerfd descriptors. The loop must not be running; its channels should have been removed.</summary>
    /// <exception cref="InvalidOperationException">The loop is running.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        if (IsRunning)
        {
            throw new InvalidOperationException("EventLoop.Dispose: the loop is running; Quit it and let Run return first.");
        }
        _disposed = true;
        _timerFdHandle.Dispose();
        _wakeup.Dispose();
        _epoll.Dispose();
        NativeMemory.Free(_events);
        _events = null;
        if (IsInLoopThread && t_loopOfThisThread == this)
        {
            t_loopOfThisThread = null;
        }
    }

    internal void UpdateChannel(Channel channel)
    {
        AssertInLoopThread();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (channel.Loop != this)
        {
            throw new InvalidOperationException("EventLoop: the channel belongs to another loop.");
        }
        switch (channel.State)
        {
            case ChannelState.New:
                if (channel.IsNoneEvent)
                {
                    return;
                }
                AssignToken(channel);
                Register(Libc.EPOLL_CTL_ADD, channel);
                channel.State = ChannelState.Added;
                break;
            case ChannelState.Detached:
                if (channel.IsNoneEvent)
                {
                    return;
                }
                Register(Libc.EPOLL_CTL_ADD, channel);
                channel.State = ChannelState.Added;
                break;
            default:
                if (channel.IsNoneEvent)
                {
                    Register(Libc.EPOLL_CTL_DEL, channel);
                    channel.State = ChannelState.Detached;
                }
                else
                {
                    Register(Libc.EPOLL_CTL_MOD, channel);
                }
                break;
        }
    }

    internal void RemoveChannel(Channel channel)
    {
        AssertInLoopThread();
        if (channel.State == ChannelState.New)
        {
            return;
        }
        if (channel.State == ChannelState.Added && !_disposed)
        {
            Register(Libc.EPOLL_CTL_DEL, channel);
        }
        int slot = (int)(uint)channel.Token;
        _channels[slot] = null;
        // A new generation makes any event still queued under the old token stale.
        _slotGenerations[slot]++;
        _freeSlots[_freeSlotCount++] = slot;
        _channelCount--;
        channel.Token = 0;
        channel.State = ChannelState.New;
    }

    /// <summary>True if <paramref name="channel"/> is known to this loop.</summary>
    public bool HasChannel(Channel channel)
    {
        AssertInLoopThread();
        int slot = (int)(uint)channel.Token;
        return channel.State != ChannelState.New && (uint)slot < (uint)_usedSlots && _channels[slot] == channel;
    }

    private void Dispatch(ulong token, uint events)
    {
        int slot = (int)(uint)token;
        Channel? channel = (uint)slot < (uint)_usedSlots ? _channels[slot] : null;
        if (channel is null || channel.Token != token)
        {
            // Removed by an earlier handler of this batch: the event belongs to nobody now.
            return;
        }
        try
        {
            channel.HandleEvent(events, _pollReturnTime);
        }
        catch (Exception error)
        {
            ReportError(error, channel.Owner);
            try
            {
                channel.FailureHandler?.Invoke(error);
            }
            catch (Exception inner)
            {
                ReportError(inner, channel.Owner);
            }
        }
    }

    private void RunPendingCalls()
    {
        // Requests from now on must write the eventfd again: the swap below may already have missed them.
        // A full fence (Exchange, not a volatile write) so the count below is read after the reset is visible.
        Interlocked.Exchange(ref _wakeupRequested, 0);
        // Nothing queued (the usual case): skip the lock. A call queued after this read wakes the loop itself.
        if (Volatile.Read(ref _pendingCount) == 0)
        {
            return;
        }
        int count;
        lock (_pendingLock)
        {
            if (_pendingCount == 0)
            {
                return;
            }
            (_pending, _running) = (_running, _pending);
            count = _pendingCount;
            _pendingCount = 0;
        }
        _callingPending = true;
        try
        {
            for (int i = 0; i < count; i++)
            {
                PendingCall call = _running[i];
                _running[i] = default;
                try
                {
                    call.Callback(call.State);
                }
                catch (Exception error)
                {
                    ReportError(error, call.State is Action ? null : call.State);
                }
            }
        }
        finally
        {
            _callingPending = false;
        }
    }

    private void DrainWakeup()
    {
        ulong value;
        SystemCalls.Read(_wakeupFd, &value, sizeof(ulong));
    }

    private void AssignToken(Channel channel)
    {
        int slot;
        if (_freeSlotCount > 0)
        {
            slot = _freeSlots[--_freeSlotCount];
        }
        else
        {
            if (_usedSlots == _channels.Length)
            {
                Array.Resize(ref _channels, _channels.Length * 2);
                Array.Resize(ref _slotGenerations, _slotGenerations.Length * 2);
                Array.Resize(ref _freeSlots, _freeSlots.Length * 2);
            }
            slot = _usedSlots++;
        }
        _channels[slot] = channel;
        _channelCount++;
        channel.Token = ((ulong)_slotGenerations[slot] << 32) | (uint)slot;
    }

    private void Register(int operation, Channel channel)
    {
        EpollEvents events = channel.Interest | (channel.EdgeTriggered ? EpollEvents.EdgeTriggered : EpollEvents.None);
        switch (operation)
        {
            case Libc.EPOLL_CTL_ADD:
                _epoll.Add(channel.Descriptor, events, channel.Token);
                break;
            case Libc.EPOLL_CTL_MOD:
                _epoll.Modify(channel.Descriptor, events, channel.Token);
                break;
            default:
                _epoll.Delete(channel.Descriptor);
                break;
        }
    }

    private void GrowEvents()
    {
        // A full array means more descriptors were ready than fit: double it, as muduo does.
        int capacity = _eventCapacity * 2;
        NativeMemory.Free(_events);
        _events = (epoll_event*)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(epoll_event));
        _eventCapacity = capacity;
    }

    private void ThrowNotInLoopThread() =>
        throw new InvalidOperationException(
            $"EventLoop: this call must run on the loop's thread {_threadId}, but it ran on thread {Environment.CurrentManagedThreadId}; use RunInLoop or QueueInLoop.");
}
