using System;
using System.Net;
using System.Net.Sockets;
using Kiwi.Tests.Shared;

namespace Kiwi.Net.Tests.Examples;

/// <summary>The seed's blocking server and client, as child processes. Not in the descriptor collection: the
/// descriptors belong to the child processes.</summary>
public sealed class BlockingExampleTests
{
    [Fact]
    public void ClientPrintsTheServersEchoOfItsMessage()
    {
        using ExampleProcess server = ExampleProcess.Start("BlockingServer", "-p", "0", "--exit-after", "60");
        IPEndPoint endPoint = server.WaitForListening();
        // INADDR_ANY, as the seed binds.
        Assert.Equal(IPAddress.Any, endPoint.Address);

        // One client after another: the iterative server serves each in turn.
        foreach (string message in new[] { "hello from the test", "second client", "ünïcödé ✓" })
        {
            using ExampleProcess client = ExampleProcess.Start("BlockingClient", "-p", endPoint.Port.ToString(), "-m", message);
            ExampleExit.AssertExits(client, 0);
            Assert.Contains($"reply: {message}", client.Output);
        }
        for (int i = 0; i < 3; i++)
        {
            Assert.Contains("bytes echoed", server.WaitForLine(" done, ", TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public void ClientReportsARefusedConnectionByErrnoName()
    {
        using ExampleProcess client = ExampleProcess.Start("BlockingClient", "--host", "127.0.0.1", "-p", "1");
        // Port 1 is closed on loopback: the client reports the errno and fails, rather than hang or crash.
        ExampleExit.AssertExits(client, 1);
        Assert.Contains("ECONNREFUSED", client.Output);
    }

    [Fact]
    public void ServerStopsOnExitAfterWhileAClientIsConnectedAndSilent()
    {
        // Two seconds: time enough for the client to be accepted first, so that the server is blocked in recv.
        using ExampleProcess server = ExampleProcess.Start("BlockingServer", "-p", "0", "--exit-after", "2");
        IPEndPoint endPoint = server.WaitForListening();
        using Socket silent = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Connect(IPAddress.Loopback, endPoint.Port);
        server.WaitForLine(" connected", TimeSpan.FromSeconds(10));

        // The server is blocked in recv on the silent client; stopping must wake it.
        ExampleExit.AssertExits(server, 0);
    }

    [Fact]
    public void ServerStopsOnExitAfterWhileBlockedInAccept()
    {
        using ExampleProcess server = ExampleProcess.Start("BlockingServer", "-p", "0", "--exit-after", "1");
        server.WaitForListening();
        ExampleExit.AssertExits(server, 0);
    }

    [Fact]
    public void AnUnknownOptionIsRefusedWithExitCode2()
    {
        using ExampleProcess server = ExampleProcess.Start("BlockingServer", "--nonsense", "1");
        ExampleExit.AssertExits(server, 2);
        Assert.Contains("unknown option --nonsense", server.Output);
    }
}
