using System;
using System.Collections.Generic;
using System.Net;
using Kiwi.Net;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>Owns what one bad-input case opens and closes it all, in reverse order, when the case ends.</summary>
public sealed class Scope : IDisposable
{
    private readonly List<IDisposable> _owned = new();

    /// <summary>Takes ownership of <paramref name="resource"/> and returns it.</summary>
    public T Own<T>(T resource) where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>Takes ownership of <paramref name="resource"/>, to be disposed on <paramref name="loop"/>'s thread.</summary>
    public T OwnOnLoop<T>(Kiwi.Net.Reactor.EventLoop loop, T resource) where T : IDisposable
    {
        _owned.Add(new LoopDisposal(loop, resource));
        return resource;
    }

    /// <summary>A new socket of the given domain and kind.</summary>
    public LinuxSocket Socket(SocketDomain domain = SocketDomain.Inet, SocketKind kind = SocketKind.Stream,
        SocketCreationFlags flags = SocketCreationFlags.CloseOnExec)
        => Own(LinuxSocket.Create(domain, kind, flags));

    /// <summary>A TCP socket listening on 127.0.0.1 with a kernel-chosen port.</summary>
    public LinuxSocket Listener()
    {
        LinuxSocket listener = Socket();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        return listener;
    }

    /// <summary>A connected Unix stream pair.</summary>
    public (LinuxSocket First, LinuxSocket Second) Pair(SocketKind kind = SocketKind.Stream)
    {
        (LinuxSocket first, LinuxSocket second) = LinuxSocket.CreatePair(kind);
        Own(first);
        Own(second);
        return (first, second);
    }

    /// <summary>A connected loopback TCP pair (client, accepted side).</summary>
    public (LinuxSocket Client, LinuxSocket Server) TcpPair()
    {
        LinuxSocket listener = Listener();
        LinuxSocket client = Socket();
        client.Connect(listener.LocalEndPoint!);
        return (client, Own(listener.Accept()));
    }

    /// <summary>A socket already disposed.</summary>
    public LinuxSocket DisposedSocket()
    {
        LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        socket.Dispose();
        return socket;
    }

    /// <summary>A loopback port nothing listens on (bound, never listening, kept bound for the case).</summary>
    public IPEndPoint ClosedPort()
    {
        LinuxSocket holder = Socket();
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)holder.LocalEndPoint!;
    }

    /// <summary>Disposes everything owned, last first.</summary>
    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
        _owned.Clear();
    }

    private sealed class LoopDisposal(Kiwi.Net.Reactor.EventLoop loop, IDisposable resource) : IDisposable
    {
        public void Dispose()
        {
            using System.Threading.ManualResetEventSlim done = new();
            loop.QueueInLoop(() =>
            {
                resource.Dispose();
                done.Set();
            });
            if (!done.Wait(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("the loop did not run the disposal");
            }
        }
    }
}
