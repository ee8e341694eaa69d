using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>Echo through a Proactor server (the await face) to clients on a second Proactor, with random
/// fragmentation on both sides, every byte checked.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProactorEchoTests : IClassFixture<DescriptorLeakCheck>
{
    [Theory]
    [InlineData("127.0.0.1", 200)]
    [InlineData("::1", 50)]
    public async Task EchoesEveryByteOfManyFragmentedConnections(string address, int connections)
    {
        using Net.Proactor.Proactor server = new();
        using Net.Proactor.Proactor clients = new();
        using LinuxSocket listener = Loopback.Listen(IPAddress.Parse(address), out IPEndPoint endPoint);

        Task serving = ServeAsync(server, listener, connections);
        Task[] sessions = Enumerable.Range(0, connections).Select(i => Task.Run(() => ClientAsync(clients, endPoint, seed: i))).ToArray();
        await Task.WhenAll(sessions).Bounded();
        await serving.Bounded();

        Assert.Equal(0, server.PendingOperations);
        Assert.Equal(0, clients.PendingOperations);
    }

    /// <summary>Accepts <paramref name="count"/> connections and echoes each until its peer shuts down.</summary>
    private static async Task ServeAsync(Net.Proactor.Proactor proactor, LinuxSocket listener, int count)
    {
        List<Task> echoes = new();
        for (int i = 0; i < count; i++)
        {
            LinuxSocket accepted = await proactor.AcceptAsync(listener);
            echoes.Add(Task.Run(() => EchoAsync(proactor, accepted, seed: 1000 + echoes.Count)));
        }
        await Task.WhenAll(echoes);
    }

    private static async Task EchoAsync(Net.Proactor.Proactor proactor, LinuxSocket connection, int seed)
    {
        Random random = new(seed);
        byte[] buffer = new byte[8192];
        while (true)
        {
            // Short receives on purpose: the server cuts the stream up differently from the client.
            int received = await proactor.ReceiveAsync(connection, buffer.AsMemory(0, random.Next(1, buffer.Length + 1)));
            if (received == 0)
            {
                break;
            }
            int sent = 0;
            while (sent < received)
            {
                sent += await proactor.SendAsync(connection, buffer.AsMemory(sent, received - sent));
            }
        }
        await proactor.CloseAsync(connection);
        connection.Dispose();
    }

    private static async Task ClientAsync(Net.Proactor.Proactor proactor, IPEndPoint endPoint, int seed)
    {
        Random random = new(seed);
        byte[] message = new byte[random.Next(1, 64 * 1024)];
        random.NextBytes(message);
        using LinuxSocket socket = Loopback.NewClient(endPoint);
        await proactor.ConnectAsync(socket, endPoint);

        Task sending = SendInFragmentsAsync(proactor, socket, message, random.Next());
        byte[] echoed = new byte[message.Length];
        int total = 0;
        while (total < echoed.Length)
        {
            int n = await proactor.ReceiveAsync(socket, echoed.AsMemory(total));
            Assert.True(n > 0, $"connection {seed}: server closed after {total} of {message.Length} bytes");
            total += n;
        }
        await sending;
        int first = Enumerable.Range(0, message.Length).FirstOrDefault(i => message[i] != echoed[i], -1);
        Assert.True(first < 0, $"connection {seed}: byte {first} differs");

        socket.Shutdown(ShutdownHow.Write);
        Assert.Equal(0, await proactor.ReceiveAsync(socket, echoed.AsMemory(0, 1)));
    }

    private static async Task SendInFragmentsAsync(Net.Proactor.Proactor proactor, LinuxSocket socket, byte[] message, int seed)
    {
        Random random = new(seed);
        int offset = 0;
        while (offset < message.Length)
        {
            int length = Math.Min(message.Length - offset, random.Next(1, 4097));
            offset += await proactor.SendAsync(socket, message.AsMemory(offset, length), MessageFlags.WaitAll);
            if (random.Next(8) == 0)
            {
                await Task.Yield();
            }
        }
    }
}
