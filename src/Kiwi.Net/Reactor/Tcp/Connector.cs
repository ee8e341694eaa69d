using System;
using System.Net;
using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

/// <summary>
/// Connects a non-blocking socket to a server on an <see cref="EventLoop"/>: <c>connect</c>, then waits for
/// writability and reads the outcome from SO_ERROR. A refused or failed attempt is retried after a delay
/// that starts at <see cref="InitialRetryDelay"/> and doubles up to <see cref="MaxRetryDelay"/>. A connection
/// to itself (possible on loopback with an ephemeral port) counts as a failure.
/// </summary>
public sealed class Connector
{
    private enum ConnectorState
    {
        Disconnected,
        Connecting,
        Connected,
    }

    private ConnectorState _state;
    private volatile bool _wanted;
    private LinuxSocket? _socket;
    private Channel? _channel;
    private TimeSpan _retryDelay;
    private TimerId _retryTimer;
    private TimeSpan _initialRetryDelay = TimeSpan.FromMilliseconds(500);
    private TimeSpan _maxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Prepares a connector; nothing happens until <see cref="Start"/>.</summary>
    public Connector(EventLoop loop, EndPoint serverAddress)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(serverAddress);
        // Refused here, not at the first attempt: an address no socket can reach (a DnsEndPoint...).
        SocketDomains.Of(serverAddress);
        Loop = loop;
        ServerAddress = serverAddress;
    }

    /// <summary>The loop the connector runs on.</summary>
    public EventLoop Loop { get; }

    /// <summary>The server to connect to.</summary>
    public EndPoint ServerAddress { get; }

    /// <summary>The first delay before retrying; 500 ms by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public TimeSpan InitialRetryDelay
    {
        get => _initialRetryDelay;
        set => _initialRetryDelay = Positive(value, nameof(InitialRetryDelay));
    }

    /// <summary>The cap of the doubling delay; 30 s by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive (a zero or negative cap would retry without pause).</exception>
    public TimeSpan MaxRetryDelay
    {
        get => _maxRetryDelay;
        set => _maxRetryDelay = Positive(value, nameof(MaxRetryDelay));
    }

    /// <summary>
    /// The delay the next retry waits: <see cref="InitialRetryDelay"/> at first and after a connection, doubled by
    /// each failure up to <see cref="MaxRetryDelay"/>. Read it on the loop thread for a value consistent with
    /// <see cref="FailedAttempts"/>.
    /// </summary>
    public TimeSpan RetryDelay => _retryDelay == TimeSpan.Zero ? InitialRetryDelay : _retryDelay;

    /// <summary>Number of attempts that failed and were (or will be) retried.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>Receives the connected socket (ownership passes with it). Loop thread.</summary>
    public Action<LinuxSocket>? NewConnection { get; set; }

    /// <summary>Starts connecting, from any thread.</summary>
    public void Start()
    {
        _wanted = true;
        Loop.RunInLoop(StartInLoop);
    }

    /// <summary>Starts again with the initial delay (after a connection closed); loop thread.</summary>
    public void Restart()
    {
        Loop.AssertInLoopThread();
        _state = ConnectorState.Disconnected;
        _retryDelay = InitialRetryDelay;
        _wanted = true;
        StartInLoop();
    }

    /// <summary>Stops: cancels a pending retry and abandons a connect in progress. From any thread.</summary>
    public void Stop()
    {
        _wanted = false;
        Loop.RunInLoop(StopInLoop);
    }

    /// <summary>Stops from the loop thread and waits (used when disposing).</summary>
    internal void StopAndWait()
    {
        _wanted = false;
        Loop.RunInLoopAndWait(StopInLoop);
    }

    private void StartInLoop()
    {
        Loop.AssertInLoopThread();
        if (!_wanted || _state != ConnectorState.Disconnected)
        {
            return;
        }
        if (_retryDelay == TimeSpan.Zero)
        {
            _retryDelay = InitialRetryDelay;
        }
        Connect();
    }

    private void StopInLoop()
    {
        Loop.Cancel(_retryTimer);
        _retryTimer = default;
        if (_state == ConnectorState.Connecting)
        {
            RemoveChannel();
            _socket?.Dispose();
            _socket = null;
            _state = ConnectorState.Disconnected;
        }
    }

    private void Connect()
    {
        LinuxSocket socket;
        try
        {
            socket = LinuxSocket.Create(
                SocketDomains.Of(ServerAddress),
                SocketKind.Stream,
                SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        }
        catch (ErrnoException error)
        {
            Loop.ReportError(error, this);
            ScheduleRetry();
            return;
        }
        try
        {
            socket.StartConnect(ServerAddress);
        }
        catch (ErrnoException error) when (IsRetryable(error.Errno))
        {
            socket.Dispose();
            ScheduleRetry();
            return;
        }
        catch (ErrnoException error)
        {
            // EACCES, EAFNOSUPPORT, EBADF...: retrying cannot help.
            socket.Dispose();
            Loop.ReportError(error, this);
            return;
        }
        // Connected at once or in progress: either way the socket turns writable; the outcome is read there.
        _socket = socket;
        _state = ConnectorState.Connecting;
        _channel = new Channel(Loop, socket.Handle.DangerousGetDescriptor())
        {
            WriteHandler = HandleWrite,
            ErrorHandler = HandleWrite,
            Owner = this,
        };
        _channel.EnableWriting();
    }

    private void HandleWrite()
    {
        if (_state != ConnectorState.Connecting || _socket is null)
        {
            return;
        }
        RemoveChannel();
        LinuxSocket socket = _socket;
        _socket = null;
        bool connected;
        try
        {
            connected = socket.FinishConnect() && !IsSelfConnection(socket);
        }
        catch (ErrnoException)
        {
            connected = false;
        }
        if (!connected || !_wanted)
        {
            socket.Dispose();
            _state = ConnectorState.Disconnected;
            if (!connected)
            {
                ScheduleRetry();
            }
            return;
        }
        _state = ConnectorState.Connected;
        _retryDelay = InitialRetryDelay;
        if (NewConnection is { } handler)
        {
            handler(socket);
        }
        else
        {
            socket.Dispose();
        }
    }

    private void ScheduleRetry()
    {
        _state = ConnectorState.Disconnected;
        FailedAttempts++;
        if (!_wanted)
        {
            return;
        }
        TimeSpan delay = _retryDelay;
        ReactorLog.RetryingConnect(Loop.Logger, ServerAddress, FailedAttempts, (long)delay.TotalMilliseconds);
        _retryTimer = Loop.RunAfter(delay, StartInLoop);
        long doubled = Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks);
        _retryDelay = TimeSpan.FromTicks(Math.Max(doubled, 1));
    }

    private void RemoveChannel()
    {
        _channel?.Remove();
        _channel = null;
    }

    private static bool IsSelfConnection(LinuxSocket socket)
    {
        EndPoint? local = socket.LocalEndPoint;
        return local is not null && local.Equals(socket.RemoteEndPoint);
    }

    private static TimeSpan Positive(TimeSpan value, string name) => value > TimeSpan.Zero ? value
        : throw new ArgumentOutOfRangeException(name, value, $"Connector.{name} must be positive.");

    private static bool IsRetryable(int errno) => errno is Libc.ECONNREFUSED or Libc.ENETUNREACH or Libc.EHOSTUNREACH
        or Libc.EADDRINUSE or Libc.EADDRNOTAVAIL or Libc.EAGAIN or Libc.ETIMEDOUT or Libc.ECONNRESET;
}
