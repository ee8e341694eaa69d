using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiwi.Net.Reactor;

/// <summary>
/// One thread's reactor: an <see cref="EpollPoller"/> (the epoll set and its channels), an eventfd to wake it from
/// other threads and a timerfd for its timers. The loop belongs to the thread that created it; <see cref="Run"/>
/// must be called there, and every call that touches its channels asserts that it runs there. Other threads hand work to it with
/// <see cref="RunInLoop(Action)"/>/<see cref="QueueInLoop(Action)"/> (run after the current poll) and stop it
/// with <see cref="Quit"/>. An exception from a handler or queued call is reported through
/// <see cref="ErrorReported"/> and <see cref="Logger"/>, and the loop goes on. What connections send while one ready
/// channel is dispatched, or while the queued calls run, is gathered and written once when that dispatch returns
/// (<see cref="TcpConnection.Send(ReadOnlySpan{byte})"/>).
/// </summary>
public sealed partial class EventLoop : IDisposable
{
    [ThreadStatic]
    private static EventLoop? t_loopOfThisThread;

    private readonly int _threadId;
    private readonly EpollPoller _poller;
    private readonly EventFdHandle _wakeup;
    private readonly int _wakeupFd;
    private readonly Channel _wakeupChannel;

    private volatile bool _quit;
    private bool _looping;
    private bool _disposed;
    private long _iterations;
    private long _pollReturnTime;
    private ILogger _logger;

    /// <summary>
    /// Creates a loop owned by the calling thread: <c>epoll_create1</c>, <c>eventfd</c> and <c>timerfd_create</c>.
    /// </summary>
    /// <param name="logger">Where the loop logs the errors it survives (see <see cref="Logger"/>); none by default.</param>
    /// <exception cref="InvalidOperationException">This thread already has a loop.</exception>
    /// <exception cref="ErrnoException">A descriptor could not be created.</exception>
    public EventLoop(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        if (Current is not null)
        {
            throw new InvalidOperationException($"EventLoop: thread {Environment.CurrentManagedThreadId} already has a loop; one loop per thread.");
        }
        _threadId = Environment.CurrentManagedThreadId;
        try
        {
            _poller = new EpollPoller();
            _wakeup = EventFdHandle.Create(nonBlocking: true);
            _wakeupFd = _wakeup.DangerousGetDescriptor();
            _timerFdHandle = CreateTimerFd();
            _timerFd = _timerFdHandle.DangerousGetDescriptor();
        }
        catch
        {
            _timerFdHandle?.Dispose();
            _wakeup?.Dispose();
            _poller?.Dispose();
            throw;
        }
        _wakeupChannel = new Channel(this, _wakeupFd) { ReadHandler = _ => DrainWakeup(), Owner = this };
        _wakeupChannel.EnableReading();
        _timerChannel = new Channel(this, _timerFd) { ReadHandler = _ => HandleTimers(), Owner = this };
        _timerChannel.EnableReading();
        t_loopOfThisThread = this;
    }

    /// <summary>The loop of the calling thread, or null.</summary>
    /// <remarks>A loop disposed from another thread stops being current here too.</remarks>
    public static EventLoop? Current => t_loopOfThisThread is { IsDisposed: false } loop ? loop : null;

    /// <summary>True once <see cref="Dispose"/> has run (from any thread).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed);

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

    /// <summary>The read array this loop lends to its connections' empty input buffers. Loop thread.</summary>
    internal SharedReadArray ReadArray { get; } = new();

    /// <summary>Number of channels registered with the loop (its own wake-up and timer channels not counted).</summary>
    public int ChannelCount => _poller.ChannelCount - 2;

    /// <summary>
    /// Raised on the loop thread when a handler, queued call or timer threw, or when a component reports a
    /// condition it survived (e.g. descriptors exhausted). The same goes to <see cref="Logger"/>; with neither a
    /// subscriber nor a logger the error is dropped silently.
    /// </summary>
    public event EventHandler<ReactorErrorEventArgs>? ErrorReported;

    /// <summary>
    /// Where the loop and the components on it log what they survive: handler exceptions (error), running out of
    /// descriptors while accepting (warning), a <see cref="Connector"/>'s retries and a <see cref="ReactorTcpClient"/>'s
    /// reconnects (information). <see cref="NullLogger.Instance"/>, silent, unless set; any thread may set it. The I/O
    /// loops of a <see cref="TcpServer"/> (an <see cref="EventLoopPool"/>) take their base loop's logger.
    /// </summary>
    public ILogger Logger
    {
        get => Volatile.Read(ref _logger);
        set => Volatile.Write(ref _logger, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Throws unless called on the loop's thread.</summary>
    /// <exception cref="InvalidOperationException">Called on another thread.</exception>
    public void AssertInLoopThread()
    {
        if (!IsInLoopThread)
        {
            ThrowNotInLoopThread();
        }
    }

    /// <summary>Throws unless called on the loop's thread or while the loop is not running (then no other thread
    /// touches it, as <see cref="RunInLoopAndWait"/> assumes).</summary>
    internal void AssertOwnedByCaller()
    {
        if (!IsInLoopThread && IsRunning)
        {
            ThrowNotInLoopThread();
        }
    }

    /// <summary>
    /// Polls and dispatches until <see cref="Quit"/>: <c>epoll_wait</c> (<see cref="EpollPoller.Wait"/>), the handlers
    /// of every ready channel, each followed by the writes it gathered, then the calls queued by other threads and
    /// the writes they gathered.
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
                int ready = _poller.Wait(-1);
                _pollReturnTime = MonotonicClock.NowNanoseconds;
                Volatile.Write(ref _iterations, _iterations + 1);
                for (int i = 0; i < ready; i++)
                {
                    // False when an earlier handler of this batch removed the channel: the event belongs to nobody now.
                    if (_poller.TryGetReady(i, out Channel channel, out uint events))
                    {
                        Dispatch(channel, events);
                    }
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

    /// <summary>Reports an error the loop survived to <see cref="Logger"/> and <see cref="ErrorReported"/>.</summary>
    /// <param name="exception">What went wrong.</param>
    /// <param name="source">The component concerned (a TcpConnection, an Acceptor...), or null.</param>
    public void ReportError(Exception exception, object? source)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ILogger logger = Logger;
        ReactorLog.Report(logger, exception, source);
        EventHandler<ReactorErrorEventArgs>? handlers = ErrorReported;
        if (handlers is null)
        {
            return;
        }
        try
        {
            handlers(this, new ReactorErrorEventArgs(exception, source));
        }
        catch (Exception inner)
        {
            ReactorLog.SubscriberFailed(logger, inner);
        }
    }

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
        Volatile.Write(ref _disposed, true);
        _timerFdHandle.Dispose();
        _wakeup.Dispose();
        _poller.Dispose();
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
        _poller.Update(channel);
    }

    internal void RemoveChannel(Channel channel)
    {
        AssertOwnedByCaller();
        _poller.Remove(channel);
    }

    /// <summary>True if <paramref name="channel"/> is known to this loop.</summary>
    public bool HasChannel(Channel channel)
    {
        AssertInLoopThread();
        return _poller.Contains(channel);
    }

    private void Dispatch(Channel channel, uint events)
    {
        _gathering = true;
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
        EndGathering();
    }

    private void ThrowNotInLoopThread() =>
        throw new InvalidOperationException(
            $"EventLoop: this call must run on the loop's thread {_threadId}, but it ran on thread {Environment.CurrentManagedThreadId}; use RunInLoop or QueueInLoop.");
}
