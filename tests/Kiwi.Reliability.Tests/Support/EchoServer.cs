using System;
using System.Net;
using Kiwi.Net;
using Kiwi.Net.Reactor;

namespace Kiwi.Reliability.Tests.Support;

/// <summary>A Reactor echo server on 127.0.0.1 with its base loop on its own thread; disposing stops both.</summary>
internal sealed class EchoServer : IDisposable
{
    private readonly EventLoopThread _base = new("reliability-base");

    public EchoServer(int loops, Action<TcpServer>? configure = null)
    {
        EventLoop loop = _base.StartLoop();
        Server = new TcpServer(loop, new IPEndPoint(IPAddress.Loopback, 0), "reliability") { LoopCount = loops };
        Server.Callbacks.Message = static (connection, buffer, _) => connection.Send(buffer);
        configure?.Invoke(Server);
        Server.Start();
        EndPoint = (IPEndPoint)Server.LocalEndPoint!;
    }

    public TcpServer Server { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>A connected blocking client socket.</summary>
    public LinuxSocket Connect()
    {
        LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        try
        {
            client.Connect(EndPoint, TimeSpan.FromSeconds(10));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        _base.Dispose();
    }
}
