using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Kiwi.Net.Reactor;

/// <summary>
/// A thread that owns an <see cref="EventLoop"/>: the loop is created on the thread, runs there until
/// <see cref="Dispose"/> quits it, and is disposed there.
/// </summary>
public sealed class EventLoopThread : IDisposable
{
    private readonly string _name;
    private readonly Action<EventLoop>? _initialize;
    private readonly ManualResetEventSlim _started = new();
    private Thread? _thread;
    private EventLoop? _loop;
    private ExceptionDispatchInfo? _startFailure;
    private bool _disposed;

    /// <summary>Prepares a loop thread; nothing runs until <see cref="StartLoop"/>.</summary>
    /// <param name="name">The thread's name.</param>
    /// <param name="initialize">Runs on the new thread with the new loop before it starts polling.</param>
    public EventLoopThread(string name = "kiwi-loop", Action<EventLoop>? initialize = null)
    {
        _name = name;
        _initialize = initialize;
    }

    /// <summary>The running loop, or null before <see cref="StartLoop"/>.</summary>
    public EventLoop? Loop => _loop;

    /// <summary>Starts the thread and returns its loop once it exists.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ErrnoException">The loop's descriptors could not be created.</exception>
    public EventLoop StartLoop()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("EventLoopThread.StartLoop: already started.");
        }
        _thread = new Thread(ThreadMain) { Name = _name, IsBackground = true };
        _thread.Start();
        _started.Wait();
        _startFailure?.Throw();
        return _loop!;
    }

    /// <summary>Quits the loop, waits for the thread to end (the loop is disposed on it).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _loop?.Quit();
        if (_thread is not null && _thread != Thread.CurrentThread)
        {
            _thread.Join();
        }
        _started.Dispose();
    }

    private void ThreadMain()
    {
        EventLoop loop;
        try
        {
            loop = new EventLoop();
            _initialize?.Invoke(loop);
        }
        catch (Exception error)
        {
            EventLoop.Current?.Dispose();
            _startFailure = ExceptionDispatchInfo.Capture(error);
            _started.Set();
            return;
        }
        _loop = loop;
        _started.Set();
        try
        {
            loop.Run();
        }
        finally
        {
            loop.Dispose();
        }
    }
}
