using System;
using System.Net;
using System.Threading;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Reactor;

/// <summary>
/// One TCP connection on one <see cref="EventLoop"/>: a non-blocking socket registered once, edge-triggered, for
/// input, output and peer half-close; an input and an output <see cref="ByteBuffer"/>; and a state machine
/// (<see cref="TcpConnectionState"/>). Reads drain the socket with <c>readv</c>. <see cref="Send(ReadOnlySpan{byte})"/>
/// works from any thread and in order: what the loop's callbacks send during one dispatch is gathered and written
/// with one system call when the dispatch returns (large sends at once), what the socket does not take is queued;
/// <see cref="Flush"/> and <see cref="Cork"/> control it (TcpConnection.Writing.cs, TcpConnection.Output.cs).
/// <see cref="Shutdown"/> half-closes only after the queued output is out. A user callback that throws is
/// reported through <see cref="EventLoop.ErrorReported"/> and this connection is closed; the loop goes on.
/// </summary>
public sealed unsafe partial class TcpConnection
{
    private const int LargeBuffer = 256 * 1024;
    private const EpollEvents Registration = EpollEvents.In | EpollEvents.Out | EpollEvents.ReadHangUp;

    private static readonly Action<object?> s_establish = static state => ((TcpConnection)state!).ConnectEstablished();
    private static readonly Action<object?> s_shutdown = static state => ((TcpConnection)state!).ShutdownInLoop();
    private static readonly Action<object?> s_forceClose = static state => ((TcpConnection)state!).ForceCloseInLoop();
    private static readonly Action<object?> s_writeComplete = static state => ((TcpConnection)state!).InvokeWriteComplete();
    private static readonly Action<object?> s_startReading = static state => ((TcpConnection)state!).StartReadingInLoop();
    private static readonly Action<object?> s_sendQueued = static state => ((QueuedSend)state!).Run();

    private readonly LinuxSocket _socket;
    private readonly int _fd;
    private readonly ByteBuffer _input = new();
    private readonly ByteBuffer _output = new();
    private Channel? _channel;
    private int _state = (int)TcpConnectionState.Connecting;
    private bool _reading = true;
    private bool _peerClosed;
    private bool _handleAdded;

    internal TcpConnection(EventLoop loop, string name, LinuxSocket socket, EndPoint? localEndPoint, EndPoint? peerEndPoint, TcpCallbacks callbacks)
    {
        Loop = loop;
        Name = name;
        _socket = socket;
        _fd = socket.Handle.DangerousGetDescriptor();
        LocalEndPoint = localEndPoint;
        PeerEndPoint = peerEndPoint;
        Callbacks = callbacks;
    }

    /// <summary>The loop that serves this connection; every callback runs on its thread.</summary>
    public EventLoop Loop { get; }

    /// <summary>The connection's name: its server's or client's name and a sequence number.</summary>
    public string Name { get; }

    /// <summary>This side's address.</summary>
    public EndPoint? LocalEndPoint { get; }

    /// <summary>The peer's address.</summary>
    public EndPoint? PeerEndPoint { get; }

    /// <summary>This connection's callbacks (a copy of its server's or client's); change them on the loop thread.</summary>
    public TcpCallbacks Callbacks { get; }

    /// <summary>Where the connection is in its life.</summary>
    public TcpConnectionState State => (TcpConnectionState)Volatile.Read(ref _state);

    /// <summary>True while connected (after establishment, before Shutdown/ForceClose/close).</summary>
    public bool IsConnected => State == TcpConnectionState.Connected;

    /// <summary>True once closed.</summary>
    public bool IsDisconnected => State == TcpConnectionState.Disconnected;

    /// <summary>A slot for the user's per-connection state (a parser, a session...).</summary>
    public object? Context { get; set; }

    /// <summary>Bytes received and not yet consumed. Loop thread only.</summary>
    public ByteBuffer InputBuffer => _input;

    /// <summary>Bytes not yet written: gathered for the end of the current dispatch, held by <see cref="Cork"/>, or queued because the socket was full. Loop thread only.</summary>
    public ByteBuffer OutputBuffer => _output;

    /// <summary>True unless <see cref="StopReading"/> paused reading.</summary>
    public bool IsReading => Volatile.Read(ref _reading);

    /// <summary>The connected socket (for options; do not read or write it directly).</summary>
    public LinuxSocket Socket => _socket;

    /// <summary>
    /// Half-closes (<c>shutdown(SHUT_WR)</c>) once the queued output has been sent; the peer sees end of stream
    /// and the connection closes when it closes its side. From any thread.
    /// </summary>
    public void Shutdown()
    {
        if (Interlocked.CompareExchange(ref _state, (int)TcpConnectionState.Disconnecting, (int)TcpConnectionState.Connected) == (int)TcpConnectionState.Connected)
        {
            Loop.QueueInLoop(s_shutdown, this);
        }
    }

    /// <summary>Closes the connection now, dropping queued output. From any thread; the close runs on the loop.</summary>
    public void ForceClose()
    {
        int state = Volatile.Read(ref _state);
        if (state == (int)TcpConnectionState.Connected || state == (int)TcpConnectionState.Disconnecting)
        {
            Volatile.Write(ref _state, (int)TcpConnectionState.Disconnecting);
            Loop.QueueInLoop(s_forceClose, this);
        }
    }

    /// <summary>Closes the connection after <paramref name="delay"/> unless it closed before. From any thread.</summary>
    public void ForceCloseAfter(TimeSpan delay)
    {
        if (State is TcpConnectionState.Connected or TcpConnectionState.Disconnecting)
        {
            Loop.RunAfter(delay, ForceClose);
        }
    }

    /// <summary>Turns Nagle's algorithm off (<c>setsockopt(TCP_NODELAY)</c>) or on.</summary>
    public void SetTcpNoDelay(bool on) => _socket.Options.NoDelay = on;

    /// <summary>Turns TCP keep-alive probes on (<c>setsockopt(SO_KEEPALIVE)</c>) or off.</summary>
    public void SetKeepAlive(bool on) => _socket.Options.KeepAlive = on;

    /// <summary>Pauses reading: no message callback until <see cref="StartReading"/>; the kernel's buffer fills and the peer slows down. From any thread.</summary>
    public void StopReading() => Volatile.Write(ref _reading, false);

    /// <summary>Resumes reading after <see cref="StopReading"/> and reads what arrived meanwhile. From any thread.</summary>
    public void StartReading()
    {
        if (!Volatile.Read(ref _reading))
        {
            Volatile.Write(ref _reading, true);
            Loop.QueueInLoop(s_startReading, this);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"TcpConnection({Name}, {State}, {LocalEndPoint} <-> {PeerEndPoint})";

    /// <summary>Called by the owner when it closes this connection (after the down callback); loop thread.</summary>
    internal Action<TcpConnection>? CloseCallback { get; set; }

    /// <summary>Registers the socket with the loop and runs the up callback. Queues itself if called off the loop.</summary>
    internal void Establish()
    {
        if (Loop.IsInLoopThread)
        {
            ConnectEstablished();
        }
        else
        {
            Loop.QueueInLoop(s_establish, this);
        }
    }

    internal void ConnectEstablished()
    {
        Loop.AssertInLoopThread();
        if (Interlocked.CompareExchange(ref _state, (int)TcpConnectionState.Connected, (int)TcpConnectionState.Connecting) != (int)TcpConnectionState.Connecting)
        {
            return;
        }
        bool added = false;
        _socket.Handle.DangerousAddRef(ref added);
        _handleAdded = added;
        _channel = new Channel(Loop, _fd)
        {
            EdgeTriggered = true,
            Owner = this,
            ReadHandler = HandleRead,
            WriteHandler = HandleWrite,
            CloseHandler = HandleClose,
            ErrorHandler = HandleError,
            FailureHandler = _ => HandleClose(),
        };
        // Registered once for everything, edge-triggered: no epoll_ctl when output starts or stops queueing.
        _channel.SetInterest(Registration);
        InvokeConnection();
    }

}
