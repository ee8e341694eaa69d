using System;
using System.Net;
using System.Text;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/SOCKETS.md.</summary>
public static class SocketSnippets
{
    public static string TcpConversation()
    {
        #region sockets-tcp
        using LinuxSocket listener = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        listener.Options.ReuseAddress = true;                      // SO_REUSEADDR
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));      // port 0: the kernel picks one
        listener.Listen(backlog: 16);

        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        client.Connect(listener.LocalEndPoint!);
        using LinuxSocket server = listener.Accept(out EndPoint? peer);   // accept4(SOCK_CLOEXEC)

        client.SendAll("ping"u8);                                  // send(2) until every byte is taken
        Span<byte> buffer = stackalloc byte[64];
        int received = server.Receive(buffer);                     // waits for bytes; 0 means end of stream
        server.SendAll(buffer[..received]);
        client.Shutdown(ShutdownHow.Write);                        // half-close: the server now reads 0
        int end = server.Receive(buffer);
        #endregion
        byte[] reply = new byte[received];
        client.Receive(reply);
        return $"{Encoding.ASCII.GetString(reply)} from {peer} then {end}";
    }

    public static (bool BeforeSend, int AfterSend) NonBlockingReceive()
    {
        #region sockets-nonblocking
        var (left, right) = LinuxSocket.CreatePair(SocketKind.Stream,
            SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        using LinuxSocket writer = left, reader = right;
        byte[] buffer = new byte[16];
        bool before = reader.TryReceive(buffer, out _);            // false: EAGAIN is an answer, not an exception
        writer.SendAll("now"u8);
        bool after = reader.TryReceive(buffer, out int count);     // true, count == 3
        #endregion
        return (before, after ? count : -1);
    }

    public static bool NonBlockingConnect(EndPoint serverAddress)
    {
        #region sockets-connect-nonblocking
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream,
            SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        bool connected = socket.StartConnect(serverAddress);       // false: EINPROGRESS
        while (!connected)
        {
            // Writable once the handshake is over; FinishConnect reads SO_ERROR and throws if it failed.
            RawDescriptor.WaitFor(socket.Handle.DangerousGetDescriptor(), PollEvents.Out, timeoutMs: 5000);
            connected = socket.FinishConnect();
        }
        #endregion
        return connected;
    }

    public static (int Errno, string Message) Refused()
    {
        using LinuxSocket probe = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));        // bound, never listening: connecting is refused
        EndPoint closedPort = probe.LocalEndPoint!;
        #region sockets-errors
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        try
        {
            socket.Connect(closedPort);
        }
        catch (ErrnoException error) when (error.Errno == Libc.ECONNREFUSED)
        {
            // error.Call == "connect", error.ErrnoName == "ECONNREFUSED",
            // error.Message == "connect: ECONNREFUSED (Connection refused)"
            return (error.Errno, error.Message);
        }
        #endregion
        return (0, "connected");
    }

    public static string Options()
    {
        #region sockets-options
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        socket.Options.NoDelay = true;                             // TCP_NODELAY
        socket.Options.KeepAlive = true;                           // SO_KEEPALIVE
        socket.Options.KeepAliveIdleSeconds = 60;                  // TCP_KEEPIDLE
        socket.Options.ReceiveBufferSize = 256 * 1024;             // SO_RCVBUF (the kernel doubles it)
        socket.Options.Linger = new SocketLinger(Enabled: true, Seconds: 5);   // SO_LINGER
        int pendingError = socket.Options.PendingError;            // SO_ERROR, 0 here
        int nagle = socket.Options.GetInt32(Libc.IPPROTO_TCP, Libc.TCP_NODELAY);   // any option by level and name
        #endregion
        return $"nodelay {nagle}, keepalive {socket.Options.KeepAlive}, idle {socket.Options.KeepAliveIdleSeconds}, "
            + $"rcvbuf>={socket.Options.ReceiveBufferSize >= 256 * 1024}, linger {socket.Options.Linger.Seconds}, error {pendingError}";
    }

    public static string Datagrams()
    {
        #region sockets-udp
        using LinuxSocket receiver = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        sender.SendTo("one datagram"u8, receiver.LocalEndPoint!);  // sendto(2)
        byte[] datagram = new byte[1500];
        int length = receiver.ReceiveFrom(datagram, out EndPoint? from);   // recvfrom(2): from is the sender
        #endregion
        bool fromSender = ((IPEndPoint)from!).Port == ((IPEndPoint)sender.LocalEndPoint!).Port;
        return $"{Encoding.ASCII.GetString(datagram, 0, length)} from {(fromSender ? "sender" : "?")}";
    }

    public static string Vectors()
    {
        #region sockets-vectors
        var (left, right) = LinuxSocket.CreatePair(SocketKind.Stream);
        using LinuxSocket writer = left, reader = right;
        ReadOnlyMemory<byte>[] parts = ["header:"u8.ToArray(), "body"u8.ToArray()];
        writer.WriteVector(parts);                                 // writev(2): one call, two buffers
        Memory<byte>[] into = [new byte[7], new byte[16]];
        int read = reader.ReadVector(into);                        // readv(2) fills the first buffer, then the next
        #endregion
        return $"{read}: {Encoding.ASCII.GetString(into[0].Span)}|{Encoding.ASCII.GetString(into[1].Span[..(read - 7)])}";
    }
}
