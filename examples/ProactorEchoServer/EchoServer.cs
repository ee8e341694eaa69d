using System;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Proactor;

namespace Kiwi.Examples.ProactorEchoServer;

/// <summary>
/// The echo service of one Proactor (one ring, one thread) on its own listening socket: multishot accept where
/// the kernel has it (one request for every connection), otherwise a single accept re-armed after each one.
/// </summary>
internal sealed class EchoServer
{
    private readonly Proactor _proactor;
    private readonly LinuxSocket _listener;
    private int _connections;

    public EchoServer(Proactor proactor, LinuxSocket listener)
    {
        _proactor = proactor;
        _listener = listener;
    }

    /// <summary>Connections open now.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public void Start() => Accept(_proactor);

    public void Closed() => Interlocked.Decrement(ref _connections);

    private void Accept(Proactor proactor)
    {
        if (proactor.SupportsMultishotAccept)
        {
            proactor.AcceptMultishot(_listener.Handle, OnAccepted, this);
        }
        else
        {
            proactor.Accept(_listener.Handle, OnAccepted, this);
        }
    }

    private static void OnAccepted(in ProactorCompletion c)
    {
        EchoServer server = (EchoServer)c.State!;
        if (c.Succeeded)
        {
            LinuxSocket socket = new(new SocketHandle(c.Result));
            // Echo latency matters more than segment count.
            socket.Options.NoDelay = true;
            Interlocked.Increment(ref server._connections);
            new EchoConnection(server, socket.Handle).Start(c.Proactor);
        }
        else if (!c.IsCanceled)
        {
            Console.Error.WriteLine($"accept failed: {c.ToException().Message}");
        }
        // A single accept, or a multishot one the kernel ended (e.g. after an error): ask again.
        if (!c.HasMore && !c.IsCanceled)
        {
            server.Accept(c.Proactor);
        }
    }
}
