using System;
using Kiwi.Net;
using Kiwi.Net.Proactor;

namespace Kiwi.Examples.ProactorEchoServer;

/// <summary>
/// The echo service of one Proactor (one ring, one thread) on its own listening socket: multishot accept where
/// the kernel has it (one request for every connection), otherwise a single accept re-armed after each one; each
/// connection echoes on provided buffers with a multishot receive where the kernel has both, otherwise with a
/// receive and a send into its own buffer.
/// </summary>
internal sealed class EchoServer
{
    private readonly Proactor _proactor;
    private readonly LinuxSocket _listener;

    public EchoServer(Proactor proactor, LinuxSocket listener)
    {
        _proactor = proactor;
        _listener = listener;
    }

    public void Start() => Accept(_proactor);

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
            if (c.Proactor.ProvidedBuffers is not null && c.Proactor.SupportsMultishotReceive)
            {
                new ProvidedBufferEchoConnection(socket.Handle).Start(c.Proactor);
            }
            else
            {
                new RingEchoConnection(socket.Handle).Start(c.Proactor);
            }
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
