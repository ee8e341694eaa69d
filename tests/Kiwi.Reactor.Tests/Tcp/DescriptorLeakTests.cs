using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Reactor.Tests;

/// <summary>Servers, clients and loops, once disposed, leave /proc/self/fd as they found it.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class DescriptorLeakTests : IClassFixture<DescriptorLeakCheck>
{
    private const int Clients = 4;

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    public void ServersAndClientsLeaveNoDescriptorsBehind(int loops, bool reusePort)
    {
        // A first round opens whatever the runtime opens once per process; the second must leave nothing.
        RunEchoRound(loops, reusePort);
        Dictionary<int, string> before = DescriptorLeakCheck.Snapshot();
        RunEchoRound(loops, reusePort);
        Dictionary<int, string> after = DescriptorLeakCheck.Snapshot();
        string opened = string.Join(", ", after.Where(kv => !before.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}->{kv.Value}"));
        string closed = string.Join(", ", before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}->{kv.Value}"));
        Assert.True(opened.Length == 0 && closed.Length == 0, $"left open: [{opened}]; closed: [{closed}]");
    }

    /// <summary>
    /// A server, clients that echo, one the server drops, one that half-closes, one still retrying against a port
    /// nobody listens on, and connections still open when everything is disposed.
    /// </summary>
    private static void RunEchoRound(int loops, bool reusePort)
    {
        using var server = new ServerHarness(loops, s =>
        {
            s.Callbacks.Message = (connection, buffer, _) =>
            {
                if (buffer.ReadableSpan.IndexOf("drop"u8) >= 0)
                {
                    connection.ForceClose();
                    return;
                }
                connection.Send(buffer);
            };
        }, reusePort);
        using var clientThread = new EventLoopThread("test-clients");
        EventLoop loop = clientThread.StartLoop();
        var clients = new List<ReactorTcpClient>();
        try
        {
            using var echoes = new CountdownEvent(Clients);
            for (int i = 0; i < Clients; i++)
            {
                var client = new ReactorTcpClient(loop, server.EndPoint, $"client{i}");
                client.Callbacks.Connection = connection =>
                {
                    if (connection.IsConnected)
                    {
                        connection.Send("ping");
                    }
                };
                client.Callbacks.Message = (_, buffer, _) =>
                {
                    if (buffer.ReadableBytes >= 4)
                    {
                        buffer.RetrieveAll();
                        echoes.Signal();
                    }
                };
                clients.Add(client);
                client.Connect();
            }
            var retrying = new ReactorTcpClient(loop, new IPEndPoint(IPAddress.Loopback, TcpClientTests.FreePort()), "retrying");
            retrying.Connector.InitialRetryDelay = TimeSpan.FromMilliseconds(1);
            clients.Add(retrying);
            retrying.Connect();
            Assert.True(echoes.Wait(Wait.Limit), "every client's echo");
            clients[0].Connection!.Send("drop");
            clients[1].Disconnect();
            Wait.Until(() => clients[0].Connection is null && clients[1].Connection is null, "the dropped and the half-closed connection to close");
            Wait.Until(() => retrying.Connector.FailedAttempts >= 2, "the retrying client to fail twice");
            Assert.Equal(Clients - 2, server.Server.ConnectionCount);
        }
        finally
        {
            foreach (ReactorTcpClient client in clients)
            {
                client.Dispose();
            }
        }
    }
}
