using System;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Examples.EpollEcho;

/// <summary>
/// An echo server on one epoll instance. Each registration's token is the socket's descriptor (the listener's is
/// <see cref="ListenerToken"/>), and connections are found in a table indexed by descriptor, as the .NET runtime
/// does: no pointers cross into the kernel, and a lookup is an array index.
/// </summary>
/// <remarks>
/// <para><b>Level-triggered.</b> A connection is registered for EPOLLIN; EPOLLOUT is added only while it has pending
/// output (a socket with room is always writable, so watching it otherwise would wake the loop for nothing) and
/// EPOLLIN is dropped while the pending output is above the connection's mark. One recv per wake-up is enough: if
/// more remains, the next wait reports the socket again.</para>
/// <para><b>Edge-triggered.</b> A connection is registered once for EPOLLIN | EPOLLOUT | EPOLLET and never modified:
/// an edge comes only when the socket's state changes, so the write interest costs no wake-ups, and it saves an
/// epoll_ctl per partial write. In exchange every wake-up must drain: send until EAGAIN, then recv until EAGAIN (or
/// until the output mark, after which the EPOLLOUT edge of a drained socket resumes reading).</para>
/// <para>The loop owns every descriptor and closes them only on its thread, so it uses <see cref="RawDescriptor"/>
/// (no reference count per call).</para>
/// </remarks>
public sealed class EpollEchoServer : IDisposable
{
    /// <summary>The listener's token: no descriptor has this number.</summary>
    private const ulong ListenerToken = ulong.MaxValue;

    /// <summary>The longest wait, so that the loop notices a stop request.</summary>
    private const int StopCheckIntervalMs = 100;

    private readonly LinuxSocket _listener;
    private readonly TriggerMode _mode;
    private readonly EpollHandle _epoll;
    private readonly EpollEvent[] _events = new EpollEvent[256];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private EchoConnection?[] _connections = new EchoConnection?[1024];
    private EpollEvents[] _interest = new EpollEvents[1024];

    /// <summary>A server on a bound, listening, non-blocking socket.</summary>
    /// <param name="listener">The listener; the caller disposes it after this server.</param>
    /// <param name="mode">Level- or edge-triggered.</param>
    public EpollEchoServer(LinuxSocket listener, TriggerMode mode)
    {
        _listener = listener;
        _mode = mode;
        _epoll = EpollHandle.Create();
    }

    /// <summary>Serves until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="stop">Cancelled on Ctrl+C, SIGTERM or <c>--exit-after</c>.</param>
    public void Run(CancellationToken stop)
    {
        EpollEvents edge = _mode == TriggerMode.Edge ? EpollEvents.EdgeTriggered : EpollEvents.None;
        _epoll.Add(_listener.Handle, EpollEvents.In | edge, ListenerToken);
        int epollDescriptor = _epoll.DangerousGetDescriptor();
        while (!stop.IsCancellationRequested)
        {
            int count = (int)RawDescriptor.ThrowIfError(RawDescriptor.EpollWait(epollDescriptor, _events, StopCheckIntervalMs), "epoll_wait");
            for (int i = 0; i < count; i++)
            {
                ref readonly EpollEvent ready = ref _events[i];
                if (ready.Token == ListenerToken)
                {
                    AcceptAll();
                }
                else if (_connections[(int)ready.Token] is EchoConnection connection)
                {
                    if (_mode == TriggerMode.Edge)
                    {
                        Drain(connection);
                    }
                    else
                    {
                        ServeLevel(connection, ready.Events);
                    }
                }
            }
        }
    }

    /// <summary>Closes every connection and the epoll instance.</summary>
    public void Dispose()
    {
        foreach (EchoConnection? connection in _connections)
        {
            connection?.Dispose();
        }
        Array.Clear(_connections);
        _epoll.Dispose();
    }

    /// <summary>Accepts until EAGAIN: required for the edge-triggered listener (one edge may stand for several
    /// connections), and it saves wake-ups for the level-triggered one.</summary>
    private void AcceptAll()
    {
        while (EchoConnection.Accept(_listener) is EchoConnection connection)
        {
            int fd = connection.Descriptor;
            if (fd >= _connections.Length)
            {
                int size = Math.Max(fd + 1, _connections.Length * 2);
                Array.Resize(ref _connections, size);
                Array.Resize(ref _interest, size);
            }
            EpollEvents interest = _mode == TriggerMode.Edge
                ? EpollEvents.In | EpollEvents.Out | EpollEvents.EdgeTriggered
                : EpollEvents.In;
            // epoll_ctl(ADD) checks readiness at once, so bytes that came before the registration are not missed.
            _epoll.Add(fd, interest, (ulong)fd);
            _connections[fd] = connection;
            _interest[fd] = interest;
        }
    }

    private void ServeLevel(EchoConnection connection, EpollEvents ready)
    {
        // EPOLLERR/EPOLLHUP come whatever was asked; the next send or recv reports what happened.
        if ((ready & (EpollEvents.Out | EpollEvents.Error | EpollEvents.HangUp)) != 0 && connection.WantsOutput)
        {
            connection.Flush();
        }
        if ((ready & (EpollEvents.In | EpollEvents.Error | EpollEvents.HangUp)) != 0 && connection.WantsInput)
        {
            connection.Receive(_buffer);
        }
        if (connection.IsDone)
        {
            Close(connection);
            return;
        }
        EpollEvents wanted = (connection.WantsInput ? EpollEvents.In : EpollEvents.None)
            | (connection.WantsOutput ? EpollEvents.Out : EpollEvents.None);
        if (wanted != _interest[connection.Descriptor])
        {
            _epoll.Modify(connection.Descriptor, wanted, (ulong)connection.Descriptor);
            _interest[connection.Descriptor] = wanted;
        }
    }

    private void Drain(EchoConnection connection)
    {
        // Once a send says EAGAIN the socket stays full until its EPOLLOUT edge, so it is not asked again here.
        bool full = false;
        while (true)
        {
            if (!full && connection.WantsOutput)
            {
                full = connection.Flush() == EchoProgress.WouldBlock;
            }
            // Stops at EAGAIN (the next EPOLLIN edge brings more), at end of stream or failure, and above the
            // output mark (the EPOLLOUT edge of the drained socket comes back here and reads on).
            if (!connection.WantsInput || connection.Receive(_buffer) != EchoProgress.Moved)
            {
                break;
            }
        }
        if (connection.IsDone)
        {
            Close(connection);
        }
    }

    private void Close(EchoConnection connection)
    {
        // Closing the last descriptor of the socket removes its registration; no EPOLL_CTL_DEL is needed.
        _connections[connection.Descriptor] = null;
        connection.Dispose();
    }
}
