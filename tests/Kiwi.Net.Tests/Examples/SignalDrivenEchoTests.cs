using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;
using Kiwi.Tests.Shared;

namespace Kiwi.Net.Tests.Examples;

/// <summary>The SignalDrivenEcho example, run as a child process on a free port, checked by real clients.</summary>
public sealed class SignalDrivenEchoTests
{
    [Fact]
    public void EchoesEveryByteToSeveralInterleavedClients()
    {
        using ExampleProcess example = ExampleProcess.Start("SignalDrivenEcho", "-p", "0", "--exit-after", "30");
        IPEndPoint server = example.WaitForListening();
        Random random = new(7);
        List<LinuxSocket> clients = new();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
                clients.Add(client);
                client.Connect(server);
            }
            // Every round each client sends a fragment of random size, then each reads its own back.
            for (int round = 0; round < 50; round++)
            {
                byte[][] sent = new byte[clients.Count][];
                for (int c = 0; c < clients.Count; c++)
                {
                    sent[c] = new byte[random.Next(1, 20_000)];
                    random.NextBytes(sent[c]);
                    clients[c].SendAll(sent[c]);
                }
                for (int c = 0; c < clients.Count; c++)
                {
                    Assert.Equal(sent[c], Loopback.ReceiveExactly(clients[c], sent[c].Length));
                }
            }
        }
        finally
        {
            foreach (LinuxSocket client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public void AnswersABulkSendThenClosesAfterTheClientsHalfClose()
    {
        using ExampleProcess example = ExampleProcess.Start("SignalDrivenEcho", "-p", "0", "--exit-after", "30");
        IPEndPoint server = example.WaitForListening();
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        client.Connect(server);
        byte[] data = new byte[4 * 1024 * 1024];
        new Random(11).NextBytes(data);

        // The sender runs beside the reader: the echo stops reading while its output is stuck.
        Thread sender = new(() =>
        {
            client.SendAll(data);
            client.Shutdown(ShutdownHow.Write);
        });
        sender.Start();

        Assert.Equal(data, Loopback.ReceiveExactly(client, data.Length));
        Assert.True(sender.Join(TimeSpan.FromSeconds(10)));
        Loopback.AssertReady(client, PollEvents.In);
        Assert.Equal(0, client.Receive(new byte[1]));
    }

    [Fact]
    public void StopsByItselfAfterExitAfter()
    {
        using ExampleProcess example = ExampleProcess.Start("SignalDrivenEcho", "-p", "0", "--exit-after", "1");
        example.WaitForListening();
        ExampleExit.AssertExits(example, 0, TimeSpan.FromSeconds(20));
        Assert.Contains("stopping: signal", example.Output);
    }
}
