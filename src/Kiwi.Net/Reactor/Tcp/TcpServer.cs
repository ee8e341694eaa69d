using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Kiwi.Net.Reactor;

/// <summary>
/// A TCP server on a base <see cref="EventLoop"/> and a pool of I/O loops. Without <see cref="ReusePort"/> one
/// <see cref="Acceptor"/> on the base loop accepts and deals connections round-robin to the I/O loops; with
/// it, and at least one I/O loop, every I/O loop has its own listening socket bound with SO_REUSEPORT and
/// keeps the connections it accepts, so the kernel spreads clients and no connection crosses threads.
/// Each connection gets a copy of <see cref="Callbacks"/>.
/// </summary>
public sealed class TcpServer : IDisposable
{
    private readonly Dictionary<EventLoop, HashSet<TcpConnection>> _connections = new();
    private readonly List<Acceptor> _acceptors = new();
    private readonly Dictionary<EventLoop, IdleConnectionWheel> _idleWheels = new();
    private EventLoopPool? _pool;
    private long _nextConnectionId;
    private int _connectionCount;
    private int _started;
    private int _loopCount;
    private bool _disposed;

    /// <summary>Prepares a server; nothing listens until <see cref="Start"/>.</summary>
    public TcpServer(EventLoop loop, EndPoint listenAddress, string name = "TcpServer")
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(listenAddress);
        Loop = loop;
        ListenAddress = listenAddress;
        Name = name;
    }

    /// <summary>The base loop.</summary>
    public EventLoop Loop { get; }

    /// <summary>The address asked for.</summary>
    public EndPoint ListenAddress { get; }

    /// <summary>The server's name, the prefix of its connections' names.</summary>
    public string Name { get; }

    /// <summary>Number of I/O loops (threads) besides the base loop; 0 serves everything on the base loop. Set before <see cref="Start"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int LoopCount
    {
        get => _loopCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(LoopCount));
            _loopCount = value;
        }
    }

    /// <summary>SO_REUSEPORT on the listening socket(s); with I/O loops, one listening socket per loop. Set before <see cref="Start"/>.</summary>
    public bool ReusePort { get; set; }

    /// <summary>Turn Nagle's algorithm off on every accepted TCP connection (TCP_NODELAY; a Unix socket has no
    /// Nagle and is left alone). On by default.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>Runs on each I/O loop's thread before it polls. Set before <see cref="Start"/>.</summary>
    public Action<EventLoop>? LoopInitializer { get; set; }

    /// <summary>
    /// Closes (<see cref="TcpConnection.ForceClose"/>) a connection that has received nothing for this long;
    /// <see cref="TimeSpan.Zero"/> (the default) never does. Each loop keeps its connections on one timing wheel
    /// with one repeating timer, so traffic costs no timer work (see <see cref="TcpConnection.LastReceiveTime"/>);
    /// a connection closes between the timeout and about an eighth of it later (later still when the loop is busy).
    /// Set before <see cref="Start"/>.
    /// </summary>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _idleTimeout = value;
        }
    }

    private TimeSpan _idleTimeout;

    /// <summary>The callbacks every new connection gets a copy of.</summary>
    public TcpCallbacks Callbacks { get; } = new();

    /// <summary>The address the server listens on (with the port the kernel chose if 0 was asked); null before <see cref="Start"/>.</summary>
    public EndPoint? LocalEndPoint { get; private set; }

    /// <summary>Number of open connections.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>The loops serving connections (after <see cref="Start"/>).</summary>
    public IReadOnlyList<EventLoop> Loops => _pool?.Loops ?? Array.Empty<EventLoop>();

    /// <summary>
    /// The open connections served by <paramref name="loop"/> (one of <see cref="Loops"/>): a live view, not a copy,
    /// which the loop changes as connections come and go, so read it on that loop's thread only (e.g. in a callback
    /// or a <see cref="EventLoop.RunInLoop(Action)"/>), and do not close connections while enumerating it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called on another thread.</exception>
    /// <exception cref="ArgumentException"><paramref name="loop"/> is not one of this server's loops.</exception>
    public IReadOnlyCollection<TcpConnection> ConnectionsOf(EventLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        loop.AssertInLoopThread();
        return _connections.TryGetValue(loop, out HashSet<TcpConnection>? connections)
            ? connections
            : throw new ArgumentException($"{Name}: the loop of thread {loop.ThreadId} serves none of this server's connections.", nameof(loop));
    }

    /// <summary>Connections closed by <see cref="IdleTimeout"/> so far (read after the loops have stopped, or as an estimate).</summary>
    public long IdleClosedCount
    {
        get
        {
            long closed = 0;
            foreach (IdleConnectionWheel wheel in _idleWheels.Values)
            {
                closed += wheel.Closed;
            }
            return closed;
        }
    }

    /// <summary>
    /// Starts the I/O loops, binds and listens (before returning, so clients may connect at once) and starts
    /// accepting on the loops. Any thread; a second call does nothing.
    /// </summary>
    /// <exception cref="ErrnoException">bind or listen failed (e.g. EADDRINUSE).</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }
        _pool = new EventLoopPool(Loop, LoopCount, Name);
        _pool.Start(LoopInitializer);
        foreach (EventLoop loop in _pool.Loops)
        {
            _connections[loop] = new HashSet<TcpConnection>();
            if (IdleTimeout > TimeSpan.Zero)
            {
                // The wheel's timer belongs to its loop: created there (RunEvery is thread-safe, the wheel is not).
                loop.RunInLoopAndWait(() => _idleWheels.Add(loop, new IdleConnectionWheel(loop, IdleTimeout)));
            }
        }
        bool acceptorPerLoop = ReusePort && LoopCount > 0;
        try
        {
            EndPoint address = ListenAddress;
            foreach (EventLoop loop in acceptorPerLoop ? _pool.Loops : new[] { Loop })
            {
                var acceptor = new Acceptor(loop, address, ReusePort);
                _acceptors.Add(acceptor);
                // Port 0: the first socket gets a port from the kernel, the others share it.
                address = acceptor.LocalEndPoint ?? address;
                EventLoop? home = acceptorPerLoop ? loop : null;
                acceptor.NewConnection = (socket, peer) => NewConnection(home, socket, peer);
            }
            LocalEndPoint = _acceptors[0].LocalEndPoint;
            foreach (Acceptor acceptor in _acceptors)
            {
                acceptor.Listen();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops accepting, closes every connection (on its loop, running the down callbacks) and stops the I/O
    /// loops. Any thread except an I/O loop's own.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (Acceptor acceptor in _acceptors)
        {
            acceptor.Loop.RunInLoopAndWait(acceptor.Dispose);
        }
        foreach ((EventLoop loop, HashSet<TcpConnection> connections) in _connections)
        {
            loop.RunInLoopAndWait(() =>
            {
                if (_idleWheels.TryGetValue(loop, out IdleConnectionWheel? wheel))
                {
                    wheel.Dispose();
                }
                foreach (TcpConnection connection in new List<TcpConnection>(connections))
                {
                    connection.CloseInLoop();
                }
            });
        }
        _pool?.Dispose();
    }

    private void NewConnection(EventLoop? home, LinuxSocket socket, EndPoint? peer)
    {
        EventLoop loop = home ?? _pool!.GetNextLoop();
        TcpConnection connection;
        try
        {
            if (NoDelay && ListenAddress.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                socket.Options.NoDelay = true;
            }
            long id = Interlocked.Increment(ref _nextConnectionId);
            connection = new TcpConnection(loop, $"{Name}#{id}", socket, socket.LocalEndPoint, peer, ConnectionCallbacks());
        }
        catch (ErrnoException error)
        {
            // The peer may already be gone (getsockname/setsockopt fail): drop it, keep serving.
            socket.Dispose();
            Loop.ReportError(error, this);
            return;
        }
        connection.CloseCallback = RemoveConnection;
        Interlocked.Increment(ref _connectionCount);
        loop.RunInLoop(() =>
        {
            if (_disposed)
            {
                connection.CloseInLoop();
                return;
            }
            _connections[loop].Add(connection);
            if (_idleWheels.TryGetValue(loop, out IdleConnectionWheel? wheel))
            {
                wheel.Add(connection);
            }
            connection.ConnectEstablished();
        });
    }

    /// <summary>A copy of <see cref="Callbacks"/>; with an idle timeout, its message callback first notes the time.</summary>
    private TcpCallbacks ConnectionCallbacks()
    {
        TcpCallbacks callbacks = Callbacks.Clone();
        if (IdleTimeout > TimeSpan.Zero)
        {
            MessageCallback? user = callbacks.Message;
            callbacks.Message = (connection, buffer, receiveTime) =>
            {
                connection.LastReceiveTime = receiveTime;
                if (user is null)
                {
                    // With no message callback, received bytes would pile up; the default is to discard them.
                    buffer.RetrieveAll();
                }
                else
                {
                    user(connection, buffer, receiveTime);
                }
            };
        }
        return callbacks;
    }

    private void RemoveConnection(TcpConnection connection)
    {
        if (_connections.TryGetValue(connection.Loop, out HashSet<TcpConnection>? connections))
        {
            connections.Remove(connection);
        }
        Interlocked.Decrement(ref _connectionCount);
    }
}
