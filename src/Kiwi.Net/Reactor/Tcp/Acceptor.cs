using System;
using System.Net;
using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

/// <summary>
/// A listening socket on an <see cref="EventLoop"/>: on each readable event it accepts (<c>accept4</c>,
/// non-blocking, close-on-exec) until EAGAIN and hands every new socket to <see cref="NewConnection"/>.
/// When the process is out of descriptors (EMFILE/ENFILE) it closes a spare descriptor it holds for the
/// purpose, accepts and closes the pending connection so the client is not left waiting, reopens the
/// spare, and reports the condition through <see cref="EventLoop.ReportError"/>.
/// </summary>
public sealed class Acceptor : IDisposable
{
    private readonly LinuxSocket _listener;
    private readonly Channel _channel;
    private EventFdHandle? _spare;
    private bool _disposed;

    /// <summary>
    /// Creates the listening socket (non-blocking, close-on-exec, SO_REUSEADDR, optionally SO_REUSEPORT) and
    /// binds it to <paramref name="listenAddress"/>; <see cref="Listen"/> starts accepting. Any thread.
    /// </summary>
    /// <exception cref="ErrnoException">socket, setsockopt or bind failed (e.g. EADDRINUSE).</exception>
    /// <exception cref="ArgumentException">The address is neither IPv4, IPv6 nor Unix (<see cref="SocketDomains.Of(EndPoint)"/>).</exception>
    public Acceptor(EventLoop loop, EndPoint listenAddress, bool reusePort)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(listenAddress);
        Loop = loop;
        SocketDomain domain = SocketDomains.Of(listenAddress);
        _listener = LinuxSocket.Create(domain, SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        try
        {
            if (domain != SocketDomain.Unix)
            {
                _listener.Options.ReuseAddress = true;
                _listener.Options.ReusePort = reusePort;
            }
            _listener.Bind(listenAddress);
            LocalEndPoint = _listener.LocalEndPoint;
            _spare = EventFdHandle.Create();
        }
        catch
        {
            _spare?.Dispose();
            _listener.Dispose();
            throw;
        }
        _channel = new Channel(loop, _listener.Handle.DangerousGetDescriptor()) { ReadHandler = HandleRead, Owner = this };
    }

    /// <summary>The loop this acceptor runs on.</summary>
    public EventLoop Loop { get; }

    /// <summary>The bound address (with the port the kernel chose if 0 was asked).</summary>
    public EndPoint? LocalEndPoint { get; }

    /// <summary>True after <see cref="Listen"/>.</summary>
    public bool IsListening { get; private set; }

    /// <summary>Number of connections accepted and handed on.</summary>
    public long AcceptedCount { get; private set; }

    /// <summary>Number of connections dropped because descriptors ran out (EMFILE/ENFILE).</summary>
    public long DroppedCount { get; private set; }

    /// <summary>Receives each accepted socket (non-blocking) and the peer's address; without it sockets are closed. Loop thread.</summary>
    public Action<LinuxSocket, EndPoint?>? NewConnection { get; set; }

    /// <summary>
    /// Starts listening (<c>listen</c>, at once, so connections queue in the kernel from now on) and accepting
    /// (on the loop, after the current poll if called from another thread). Any thread.
    /// </summary>
    /// <exception cref="ErrnoException">listen failed.</exception>
    public void Listen(int backlog = Libc.SOMAXCONN)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsListening)
        {
            return;
        }
        _listener.Listen(backlog);
        IsListening = true;
        Loop.RunInLoop(() =>
        {
            if (!_disposed)
            {
                _channel.EnableReading();
            }
        });
    }

    /// <summary>Stops accepting and closes the listening socket and the spare descriptor; on the loop thread, or on
    /// any thread while the loop is not running (or if never listening).</summary>
    /// <exception cref="InvalidOperationException">Called on another thread while the loop runs; nothing changed,
    /// so a later Dispose on the loop thread still closes everything.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        if (IsListening)
        {
            // Checked before any state changes: a refused Dispose must leave the acceptor whole, not half closed.
            Loop.AssertOwnedByCaller();
            _channel.Remove();
        }
        _disposed = true;
        _listener.Dispose();
        _spare?.Dispose();
    }

    private void HandleRead(long receiveTime)
    {
        // Level-triggered, but drained anyway: one wake-up serves a whole burst of connections.
        while (!_disposed)
        {
            LinuxSocket? accepted;
            EndPoint? peer;
            try
            {
                if (!_listener.TryAccept(out accepted, out peer, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec))
                {
                    return;
                }
            }
            catch (ErrnoException error) when (error.Errno is Libc.EMFILE or Libc.ENFILE)
            {
                if (!DropOnePending(error))
                {
                    return;
                }
                continue;
            }
            catch (ErrnoException error) when (error.Errno is Libc.ECONNABORTED or Libc.EPROTO or Libc.EPERM or Libc.ENETDOWN or Libc.ENOPROTOOPT or Libc.EHOSTDOWN or Libc.ENONET or Libc.EHOSTUNREACH or Libc.EOPNOTSUPP or Libc.ENETUNREACH)
            {
                // accept(2): errors of the pending connection itself; the listener is fine.
                continue;
            }
            catch (ErrnoException error)
            {
                // ENOBUFS, ENOMEM...: report and wait for the next event rather than spin.
                Loop.ReportError(error, this);
                return;
            }
            AcceptedCount++;
            if (NewConnection is { } handler)
            {
                handler(accepted, peer);
            }
            else
            {
                accepted.Dispose();
            }
        }
    }

    private bool DropOnePending(ErrnoException exhausted)
    {
        // The spare-descriptor trick (muduo's Acceptor): free one descriptor, take the pending connection and close it.
        if (_spare is null)
        {
            Loop.ReportError(exhausted, this);
            _spare = TryCreateSpare();
            return false;
        }
        _spare.Dispose();
        _spare = null;
        bool dropped = false;
        try
        {
            if (_listener.TryAccept(out LinuxSocket? victim))
            {
                victim.Dispose();
                DroppedCount++;
                dropped = true;
            }
        }
        catch (ErrnoException)
        {
        }
        // Reported while the spare's descriptor is free: a handler may need one (a log file, an assembly to load).
        Loop.ReportError(exhausted, this);
        _spare = TryCreateSpare();
        return dropped;
    }

    private static EventFdHandle? TryCreateSpare()
    {
        try
        {
            return EventFdHandle.Create();
        }
        catch (ErrnoException)
        {
            // Still exhausted; the next EMFILE tries again.
            return null;
        }
    }
}
