using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Bridge;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/SYSTEM_NET_BRIDGE.md.</summary>
public static class BridgeSnippets
{
    public static async Task<SslStream> TlsServer(LinuxSocket listener, X509Certificate2 certificate)
    {
        #region bridge-hand-over
        LinuxSocket accepted = listener.Accept(SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        Socket socket = accepted.HandOverToSystemSocket();         // the Socket owns the descriptor now
        accepted.Dispose();                                        // harmless: closes nothing
        SslStream tls = new(new NetworkStream(socket, ownsSocket: true));
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
        #endregion
        return tls;
    }

    public static (bool WasNonBlocking, ulong Token, int Received) Borrow(Socket accepted)
    {
        #region bridge-borrow
        using LinuxSocket view = accepted.BorrowAsLinuxSocket();   // never closes the descriptor
        bool wasNonBlocking = view.IsNonBlocking;                  // false: .NET accepted it blocking (the trap)
        accepted.Blocking = false;                                 // tell .NET, which sets O_NONBLOCK itself
        using EpollHandle epoll = EpollHandle.Create();
        epoll.Add(view.Handle, EpollEvents.In | EpollEvents.EdgeTriggered, token: 42);
        Span<EpollEvent> events = stackalloc EpollEvent[8];
        epoll.Wait(events, timeoutMs: 5000);
        byte[] buffer = new byte[256];
        view.TryReceive(buffer, out int received);                 // false would mean EAGAIN, never a blocked thread
        epoll.Delete(view.Handle);
        #endregion
        return (wasNonBlocking, events[0].Token, received);
    }

    public static int Adopt(Socket connected)
    {
        #region bridge-adopt
        using LinuxSocket owned = connected.AdoptAsLinuxSocket();   // a duplicate; the Socket is disposed
        owned.Options.KeepAlive = true;
        owned.SendAll("now Kiwi's"u8);
        #endregion
        return owned.Handle.DangerousGetDescriptor();
    }
}
