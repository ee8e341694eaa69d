using System;
using System.Net;
using System.Net.Sockets;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

/// <summary>A TcpServer on 127.0.0.1 (port 0 unless given), with its base loop on its own thread; disposing stops both.</summary>
internal sealed class ServerHarness : IDisposable
{
    private readonly EventLoopThread _baseThread = new("test-base");

    public ServerHarness(int loops, Action<TcpServer> configure, bool reusePort = false, int port = 0)
    {
        Loop = _baseThread.StartLoop();
        Server = new TcpServer(Loop, new IPEndPoint(IPAddress.Loopback, port), "test") { LoopCount = loops, ReusePort = reusePort };
        configure(Server);
        Server.Start();
        EndPoint = (IPEndPoint)Server.LocalEndPoint!;
    }

    public EventLoop Loop { get; }

    public TcpServer Server { get; }

    public IPEndPoint EndPoint { get; }

    public static TcpServer Echo(TcpServer server)
    {
        server.Callbacks.Message = static (connection, buffer, _) => connection.Send(buffer);
        return server;
    }

    public Socket Connect() => SocketTestExtensions.Connect(EndPoint);

    public void Dispose()
    {
        Server.Dispose();
        _baseThread.Dispose();
    }
}

/// <summary>Blocking socket helpers for test clients.</summary>
internal static class SocketTestExtensions
{
    /// <summary>A blocking client socket connected to <paramref name="endpoint"/>, its sends and receives bounded by <see cref="Wait.Limit"/>.</summary>
    public static Socket Connect(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endpoint);
        socket.ReceiveTimeout = (int)Wait.Limit.TotalMilliseconds;
        socket.SendTimeout = (int)Wait.Limit.TotalMilliseconds;
        return socket;
    }

    public static byte[] ReceiveExactly(this Socket socket, int count)
    {
        byte[] data = new byte[count];
        int received = 0;
        while (received < count)
        {
            int n = socket.Receive(data, received, count - received, SocketFlags.None);
            Assert.True(n > 0, $"connection closed after {received} of {count} bytes");
            received += n;
        }
        return data;
    }

    /// <summary>Reads until the peer closes; returns the byte count.</summary>
    public static long ReceiveUntilClosed(this Socket socket, byte[] scratch)
    {
        long total = 0;
        int n;
        while ((n = socket.Receive(scratch)) > 0)
        {
            total += n;
        }
        return total;
    }
}
