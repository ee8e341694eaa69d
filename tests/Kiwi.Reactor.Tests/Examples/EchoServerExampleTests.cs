using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Kiwi.Tests.Shared;

namespace Kiwi.Reactor.Tests.Examples;

/// <summary>examples/EchoServer run as a program.</summary>
public sealed class EchoServerExampleTests
{
    [Fact]
    public async Task EchoesEveryByteToSeveralClients()
    {
        using var server = ExampleProcess.Start("EchoServer", "-p", "0", "-t", "2", "--exit-after", "30");
        IPEndPoint endpoint = server.WaitForListening();
        var clients = Enumerable.Range(0, 8).Select(i => EchoClient.RunAsync(endpoint, seed: 1000 + i, maxLength: 256 * 1024));
        await Task.WhenAll(clients).WaitAsync(Wait.Limit);
    }

    [Fact]
    public void ExitsByItselfAfterTheGivenTime()
    {
        using var server = ExampleProcess.Start("EchoServer", "-p", "0", "--exit-after", "1");
        server.WaitForListening();
        Assert.True(server.WaitForExit(Wait.Limit), $"still running; it printed:{Environment.NewLine}{server.Output}");
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("EchoServer: stopped", server.Output);
    }

    [Fact]
    public void RejectsAnUnknownOption()
    {
        using var server = ExampleProcess.Start("EchoServer", "--bogus", "1");
        Assert.True(server.WaitForExit(Wait.Limit), "still running");
        Assert.Equal(2, server.ExitCode);
        Assert.Contains("unknown option --bogus", server.Output);
    }
}
