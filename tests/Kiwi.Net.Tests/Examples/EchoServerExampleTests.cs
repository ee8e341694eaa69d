using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kiwi.Tests.Shared;

namespace Kiwi.Net.Tests.Examples;

/// <summary>
/// The echo server examples as child processes: many concurrent clients with random-sized and large fragments, some
/// of them sending more than the sockets buffer before they read (partial writes on the server), get every byte back, and each server stops by itself on <c>--exit-after</c>. Not in the descriptor collection:
/// the descriptors belong to the child processes.
/// </summary>
public sealed class EchoServerExampleTests
{
    private const int Clients = 20;
    private const int BytesPerClient = 256 * 1024;
    private const int PressingClients = 4;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Every echo server example, with the arguments that pick its variant.</summary>
    public static TheoryData<string, string[]> Servers => new()
    {
        { "NonBlockingEcho", Array.Empty<string>() },
        { "SelectEcho", Array.Empty<string>() },
        { "PollEcho", Array.Empty<string>() },
        { "EpollEcho", new[] { "--mode", "lt" } },
        { "EpollEcho", new[] { "--mode", "et" } },
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task EchoesEveryByteToManyConcurrentClients(string example, string[] variant)
    {
        using ExampleProcess server = ExampleProcess.Start(example, [.. variant, "-p", "0", "--exit-after", "120"]);
        IPEndPoint endPoint = server.WaitForListening();
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
        Assert.NotEqual(0, endPoint.Port);

        await EchoClients.RunAsync(endPoint, Clients, BytesPerClient, PressingClients, ClientTimeout);

        // A second wave on the same server: closed connections left nothing behind that breaks new ones.
        await EchoClients.RunAsync(endPoint, 4, 16 * 1024, pressing: 0, ClientTimeout);
        Assert.DoesNotContain("stderr:", server.Output);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public void StopsByItselfOnExitAfterEvenWithAnIdleClient(string example, string[] variant)
    {
        using ExampleProcess server = ExampleProcess.Start(example, [.. variant, "-p", "0", "--exit-after", "1"]);
        IPEndPoint endPoint = server.WaitForListening();
        using Socket idle = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        idle.Connect(IPAddress.Loopback, endPoint.Port);

        ExampleExit.AssertExits(server, 0);
        // The server closed the idle connection on its way out: end of stream, or a reset if the connection was
        // still waiting in the listen queue when the listener closed.
        idle.ReceiveTimeout = 10_000;
        try
        {
            Assert.Equal(0, idle.Receive(new byte[1]));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }

    [Fact]
    public void EpollEchoRefusesAnUnknownMode()
    {
        using ExampleProcess server = ExampleProcess.Start("EpollEcho", "--mode", "sideways", "-p", "0");
        ExampleExit.AssertExits(server, 2);
        Assert.Contains("--mode takes lt or et", server.Output);
    }
}
