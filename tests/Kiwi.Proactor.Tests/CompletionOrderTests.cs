using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>The handler face: a server that records every completion per connection, so the order
/// accept → (recv → send)* → recv 0 → close can be checked.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class CompletionOrderTests : IClassFixture<DescriptorLeakCheck>
{
    private const int Connections = 20;
    private const int Messages = 3;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CompletionsArriveInOrderPerConnection(bool multishot)
    {
        using Net.Proactor.Proactor proactor = new();
        if (multishot)
        {
            Assert.True(proactor.SupportsMultishotAccept, "kernel 5.19+ has multishot accept");
        }
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback, out IPEndPoint endPoint);
        RecordingServer server = new(Connections, listener.Handle);
        if (multishot)
        {
            proactor.AcceptMultishot(listener.Handle, RecordingServer.OnAccept, server);
        }
        else
        {
            proactor.Accept(listener.Handle, RecordingServer.OnAcceptOnce, server);
        }

        await Task.WhenAll(Enumerable.Range(0, Connections).Select(i => Task.Run(() => Client(endPoint, i)))).Bounded();
        await server.AllClosed.Task.Bounded();

        Assert.Equal(Connections, server.Records.Count);
        foreach (ConnectionRecord record in server.Records)
        {
            List<string> expected = ["accept"];
            for (int m = 0; m < Messages; m++)
            {
                int length = MessageLength(record.ClientId, m);
                expected.Add($"recv {length}");
                expected.Add($"send {length}");
            }
            expected.Add("recv 0");
            expected.Add("close 0");
            Assert.Equal(expected, record.Events);
        }
        // Only the multishot accept (or the re-armed single accept) is left, and dispose cancels it.
    }

    private static int MessageLength(int client, int message) => 1 + (client * 7 + message * 13) % 200;

    private static void Client(IPEndPoint endPoint, int id)
    {
        using LinuxSocket socket = Loopback.NewClient(endPoint);
        socket.Connect(endPoint);
        socket.SendAll(new[] { (byte)id });
        byte[] buffer = new byte[256];
        Assert.Equal(1, ReceiveExactly(socket, buffer, 1));
        for (int m = 0; m < Messages; m++)
        {
            int length = MessageLength(id, m);
            byte[] message = Enumerable.Range(0, length).Select(i => (byte)(id + m + i)).ToArray();
            // The id byte was message 0's first recv; later messages go one at a time so each is one recv.
            socket.SendAll(message);
            Assert.Equal(length, ReceiveExactly(socket, buffer, length));
            Assert.Equal(message, buffer[..length]);
        }
        socket.Shutdown(ShutdownHow.Write);
        Assert.Equal(0, socket.Receive(buffer));
    }

    private static int ReceiveExactly(LinuxSocket socket, byte[] buffer, int count)
    {
        int total = 0;
        while (total < count)
        {
            int n = socket.Receive(buffer.AsSpan(total, count - total));
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }

    private sealed class ConnectionRecord(RecordingServer server, SocketHandle socket)
    {
        public RecordingServer Server { get; } = server;

        public SocketHandle Socket { get; } = socket;

        public byte[] Buffer { get; } = new byte[1024];

        public List<string> Events { get; } = ["accept"];

        public int ClientId { get; set; } = -1;
    }

    /// <summary>Handlers as static lambdas over state objects, as a real server would write them.</summary>
    private sealed class RecordingServer(int expected, SocketHandle listener)
    {
        private int _closed;

        public List<ConnectionRecord> Records { get; } = new();

        public TaskCompletionSource AllClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static void OnAccept(in ProactorCompletion c)
        {
            if (c.IsCanceled)
            {
                // The accept still armed when the test disposes the Proactor.
                return;
            }
            RecordingServer server = (RecordingServer)c.State!;
            ConnectionRecord record = new(server, new SocketHandle(c.ThrowIfError()));
            server.Records.Add(record);
            // The first byte is the client's id, received alone and not recorded: only the messages count.
            c.Proactor.Receive(record.Socket, record.Buffer.AsMemory(0, 1), OnId, record, MessageFlags.WaitAll);
        }

        public static void OnAcceptOnce(in ProactorCompletion c)
        {
            OnAccept(in c);
            if (c.IsCanceled)
            {
                return;
            }
            RecordingServer server = (RecordingServer)c.State!;
            if (server.Records.Count < server._expected)
            {
                // Single-shot: the next accept is submitted from the handler, on the ring thread.
                c.Proactor.Accept(server._listener, OnAcceptOnce, server);
            }
        }

        private readonly SocketHandle _listener = listener;

        private static void OnId(in ProactorCompletion c)
        {
            ConnectionRecord record = (ConnectionRecord)c.State!;
            Assert.Equal(1, c.ThrowIfError());
            record.ClientId = record.Buffer[0];
            c.Proactor.Send(record.Socket, record.Buffer.AsMemory(0, 1), OnIdEchoed, record);
        }

        private static void OnIdEchoed(in ProactorCompletion c)
        {
            ConnectionRecord record = (ConnectionRecord)c.State!;
            c.ThrowIfError();
            c.Proactor.Receive(record.Socket, record.Buffer, OnReceived, record);
        }

        private static void OnReceived(in ProactorCompletion c)
        {
            ConnectionRecord record = (ConnectionRecord)c.State!;
            int n = c.ThrowIfError();
            record.Events.Add($"recv {n}");
            if (n == 0)
            {
                c.Proactor.Close(record.Socket, OnClosed, record);
                return;
            }
            c.Proactor.Send(record.Socket, record.Buffer.AsMemory(0, n), OnSent, record, MessageFlags.WaitAll);
        }

        private static void OnSent(in ProactorCompletion c)
        {
            ConnectionRecord record = (ConnectionRecord)c.State!;
            record.Events.Add($"send {c.ThrowIfError()}");
            c.Proactor.Receive(record.Socket, record.Buffer, OnReceived, record);
        }

        private static void OnClosed(in ProactorCompletion c)
        {
            ConnectionRecord record = (ConnectionRecord)c.State!;
            record.Events.Add($"close {c.ThrowIfError()}");
            if (Interlocked.Increment(ref record.Server._closed) == record.Server._expected)
            {
                record.Server.AllClosed.SetResult();
            }
        }

        private readonly int _expected = expected;
    }
}
