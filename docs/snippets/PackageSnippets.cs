using System;
using System.Net;
using Kiwi.Net;
using Kiwi.Net.Reactor;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of src/PACKAGE.md, the packages' README.</summary>
public static class PackageSnippets
{
    public static byte[] Echo()
    {
        #region package-echo
        using EventLoopThread serverThread = new("server");
        using TcpServer server = new(serverThread.StartLoop(), new IPEndPoint(IPAddress.Loopback, 0), "echo");
        server.Callbacks.Message = static (connection, input, _) => connection.Send(input);
        server.Start();

        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        client.Connect(server.LocalEndPoint!);
        client.SendAll("hello"u8);
        byte[] reply = new byte[5];
        for (int filled = 0; filled < reply.Length;)
        {
            filled += client.Receive(reply.AsSpan(filled));
        }
        #endregion
        return reply;
    }
}
