using System;
using System.Collections.Generic;
using System.Threading;

namespace Kiwi.Net.Reactor;

/// <summary>
/// A pool of I/O loops, each on its own <see cref="EventLoopThread"/>, handed out round-robin. With zero
/// loops every connection stays on the base loop.
/// </summary>
public sealed class EventLoopPool : IDisposable
{
    private readonly EventLoop _baseLoop;
    private readonly string _name;
    private readonly List<EventLoopThread> _threads = new();
    private EventLoop[] _loops = Array.Empty<EventLoop>();
    private int _next = -1;
    private bool _started;

    /// <summary>Prepares a pool of <paramref name="loopCount"/> loops beside <paramref name="baseLoop"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="loopCount"/> is negative.</exception>
    public EventLoopPool(EventLoop baseLoop, int loopCount, string name = "kiwi-io")
    {
        ArgumentNullException.ThrowIfNull(baseLoop);
        ArgumentOutOfRangeException.ThrowIfNegative(loopCount);
        _baseLoop = baseLoop;
        LoopCount = loopCount;
        _name = name;
    }

    /// <summary>Number of I/O loops (0: everything runs on the base loop).</summary>
    public int LoopCount { get; }

    /// <summary>True once <see cref="Start"/> has run.</summary>
    public bool IsStarted => _started;

    /// <summary>The loops connections are spread over: the I/O loops, or just the base loop if there are none.</summary>
    public IReadOnlyList<EventLoop> Loops => _loops.Length == 0 ? new[] { _baseLoop } : _loops;

    /// <summary>Starts the loop threads; each new loop takes the base loop's <see cref="EventLoop.Logger"/>, then
    /// <paramref name="initialize"/> runs on its thread before it polls.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start(Action<EventLoop>? initialize = null)
    {
        if (_started)
        {
            throw new InvalidOperationException("EventLoopPool.Start: already started.");
        }
        _started = true;
        var loops = new EventLoop[LoopCount];
        for (int i = 0; i < LoopCount; i++)
        {
            var thread = new EventLoopThread($"{_name}-{i}", loop =>
            {
                loop.Logger = _baseLoop.Logger;
                initialize?.Invoke(loop);
            });
            _threads.Add(thread);
            loops[i] = thread.StartLoop();
        }
        _loops = loops;
        if (LoopCount == 0 && initialize is not null)
        {
            _baseLoop.RunInLoop(() => initialize(_baseLoop));
        }
    }

    /// <summary>The next loop, round-robin (the base loop when the pool is empty). From any thread.</summary>
    public EventLoop GetNextLoop()
    {
        EventLoop[] loops = _loops;
        if (loops.Length == 0)
        {
            return _baseLoop;
        }
        uint index = (uint)Interlocked.Increment(ref _next);
        return loops[index % (uint)loops.Length];
    }

    /// <summary>Quits every I/O loop and waits for its thread.</summary>
    public void Dispose()
    {
        foreach (EventLoopThread thread in _threads)
        {
            thread.Dispose();
        }
        _threads.Clear();
        _loops = Array.Empty<EventLoop>();
    }
}
