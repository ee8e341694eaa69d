using System;
using System.Net;
using System.Threading;

namespace Kiwi.Net.Reactor;

/// <summary>
/// A client that keeps one <see cref="TcpConnection"/> to a server on an <see cref="EventLoop"/>, connecting
/// through a <see cref="Connector"/> (retry with capped exponential back-off) and, with <see cref="Reconnect"/>,
/// connecting again whenever the connection closes. Named so that it does not clash with
/// <c>System.Net.Sockets.TcpClient</c>.
/// </summary>
public sealed class ReactorTcpClient : IDisposable
{
    private readonly Connector _connector;
    private readonly object _lock = new();
    private TcpConnection? _connection;
    private long _nextConnectionId;
    private volatile bool _wanted;
    private bool _disposed;

    /// <summary>Prepares a client; nothing happens until <see cref="Connect"/>.</summary>
    public ReactorTcpClient(EventLoop loop, EndPoint serverAddress, string name = "TcpClient")
    {
        Loop = loop ?? throw new ArgumentNullException(nameof(loop));
        Name = name;
        _connector = new Connector(loop, serverAddress) { NewConnection = NewConnection };
    }

    /// <summary>The loop the client and its connection run on.</summary>
    public EventLoop Loop { get; }

    /// <summary>The client's name, the prefix of its connections' names.</summary>
    public string Name { get; }

    /// <summary>The connector, for its retry delays and counters.</summary>
    public Connector Connector => _connector;

    /// <summary>Connect again after the connection closes (until <see cref="Stop"/> or <see cref="Disconnect"/>).</summary>
    public bool Reconnect { get; set; }

    /// <summary>The callbacks each connection gets a copy of.</summary>
    public TcpCallbacks Callbacks { get; } = new();

    /// <summary>Number of connections established so far.</summary>
    public long ConnectionsMade => Interlocked.Read(ref _nextConnectionId);

    /// <summary>The current connection, or null.</summary>
    public TcpConnection? Connection
    {
        get
        {
            lock (_lock)
            {
                return _connection;
            }
        }
    }

    /// <summary>Starts connecting (retrying until it succeeds or <see cref="Stop"/>). Any thread.</summary>
    public void Connect()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _wanted = true;
        _connector.Start();
    }

    /// <summary>Half-closes the current connection after its output drains; no reconnect follows. Any thread.</summary>
    public void Disconnect()
    {
        _wanted = false;
        Connection?.Shutdown();
    }

    /// <summary>Stops connecting (a pending attempt or retry is abandoned); an established connection stays. Any thread.</summary>
    public void Stop()
    {
        _wanted = false;
        _connector.Stop();
    }

    /// <summary>Stops connecting and closes the connection now, waiting for the loop to do it. Not on another loop's thread.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _wanted = false;
        _connector.StopAndWait();
        Loop.RunInLoopAndWait(() => Connection?.CloseInLoop());
    }

    private void NewConnection(LinuxSocket socket)
    {
        TcpConnection connection;
        try
        {
            long id = Interlocked.Increment(ref _nextConnectionId);
            connection = new TcpConnection(Loop, $"{Name}#{id}", socket, socket.LocalEndPoint, socket.RemoteEndPoint, Callbacks.Clone());
        }
        catch (ErrnoException error)
        {
            socket.Dispose();
            Loop.ReportError(error, this);
            if (_wanted)
            {
                _connector.Restart();
            }
            return;
        }
        connection.CloseCallback = RemoveConnection;
        lock (_lock)
        {
            _connection = connection;
        }
        connection.ConnectEstablished();
    }

    private void RemoveConnection(TcpConnection connection)
    {
        lock (_lock)
        {
            if (_connection == connection)
            {
                _connection = null;
            }
        }
        if (Reconnect && _wanted && !_disposed)
        {
            ReactorLog.Reconnecting(Loop.Logger, Name, _connector.ServerAddress);
            _connector.Restart();
        }
    }
}
