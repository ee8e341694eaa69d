using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>The ProactorEchoServer example, run as a child process on a free port and checked by several clients.</summary>
public sealed class ProactorEchoServerExampleTests
{
    [Fact]
    public void ExampleIsBuiltNextToTheTests()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "ProactorEchoServer.dll")));
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "ProactorEchoServer.runtimeconfig.json")));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task EchoesEveryByteForSeveralClients(string rings)
    {
        using ExampleProcess server = ExampleProcess.Start("ProactorEchoServer", "-p", "0", "-t", rings, "--exit-after", "30");
        IPEndPoint endPoint = server.WaitForListening();
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
        Assert.NotEqual(0, endPoint.Port);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => Client(endPoint, i)))).WaitAsync(Loopback.Limit);
    }

    [Fact]
    public void StopsByItselfAfterExitAfter()
    {
        using ExampleProcess server = ExampleProcess.Start("ProactorEchoServer", "-p", "0", "--exit-after", "1");
        server.WaitForListening();
        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(20)), server.Output);
        Assert.Equal(0, server.ExitCode);
    }

    private static void Client(IPEndPoint endPoint, int seed)
    {
        Random random = new(seed);
        using LinuxSocket socket = Loopback.NewClient(endPoint);
        socket.Connect(endPoint);
        byte[] received = new byte[70_000];
        for (int round = 0; round < 20; round++)
        {
            byte[] message = new byte[random.Next(1, received.Length)];
            random.NextBytes(message);
            socket.SendAll(message);
            int total = 0;
            while (total < message.Length)
            {
                int n = socket.Receive(received.AsSpan(total, message.Length - total));
                Assert.True(n > 0, $"client {seed}: the server closed after {total} of {message.Length} bytes");
                total += n;
            }
            Assert.True(message.AsSpan().SequenceEqual(received.AsSpan(0, total)), $"client {seed}, round {round}: bytes differ");
        }
        socket.Shutdown(ShutdownHow.Write);
        Assert.Equal(0, socket.Receive(received));
    }
}
