using System;
using System.Net;
using System.Net.Sockets;
using Kiwi.Tests.Shared;

namespace Kiwi.Net.Tests.Examples;

/// <summary>The seed's blocking server and client, as child processes. Not in the descriptor collection: the
/// descriptors belong to the child processes.</summary>
public sealed class BlockingExampleTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

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
            Assert.True(client.WaitForExit(ExitTimeout), $"the client did not finish; it printed:{Environment.NewLine}{client.Output}");
            Assert.Equal(0, client.ExitCode);
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
        Assert.True(client.WaitForExit(ExitTimeout));
        Assert.Equal(1, client.ExitCode);
        Assert.Contains("ECONNREFUSED", client.Output);
    }

    [Fact]
    public void ServerStopsOnExitAfterWhileAClientIsConnectedAndSilent()
    {
        using ExampleProcess server = ExampleProcess.Start("BlockingServer", "-p", "0", "--exit-after", "1");
        IPEndPoint endPoint = server.WaitForListening();
        using Socket silent = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Connect(IPAddress.Loopback, endPoint.Port);
        server.WaitForLine(" connected", TimeSpan.FromSeconds(10));

        // The server is blocked in recv on the silent client; stopping must wake it.
        Assert.True(server.WaitForExit(ExitTimeout), $"the server did not stop; it printed:{Environment.NewLine}{server.Output}");
        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public void ServerStopsOnExitAfterWhileBlockedInAccept()
    {
        using ExampleProcess server = ExampleProcess.Start("BlockingServer", "-p", "0", "--exit-after", "1");
        server.WaitForListening();
        Assert.True(server.WaitForExit(ExitTimeout), $"the server did not stop; it printed:{Environment.NewLine}{server.Output}");
        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public void AnUnknownOptionIsRefusedWithExitCode2()
    {
        using ExampleProcess server = ExampleProcess.Start("BlockingServer", "--nonsense", "1");
        Assert.True(server.WaitForExit(ExitTimeout));
        Assert.Equal(2, server.ExitCode);
        Assert.Contains("unknown option --nonsense", server.Output);
    }
}
