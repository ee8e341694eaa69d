using System;
using System.Buffers.Binary;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Kiwi.Tests.Shared;

namespace Kiwi.Reactor.Tests.Examples;

/// <summary>examples/ChatServer run as a program: length-prefixed messages broadcast to every client.</summary>
public sealed class ChatServerExampleTests
{
    [Fact]
    public void AMessageFromOneClientReachesAllWithItsFramingIntactOverFragmentation()
    {
        using var server = ExampleProcess.Start("ChatServer", "-p", "0", "-t", "2", "--exit-after", "30");
        IPEndPoint endpoint = server.WaitForListening();
        using Socket first = SocketTestExtensions.Connect(endpoint);
        using Socket second = SocketTestExtensions.Connect(endpoint);
        using Socket third = SocketTestExtensions.Connect(endpoint);
        Socket[] clients = { first, second, third };
        // The broadcast goes to the members the server knows of: wait until it has all three.
        server.WaitForLine("(3 connected)");

        byte[] large = new byte[5000];
        new Random(3).NextBytes(large);
        byte[][] messages = { Encoding.UTF8.GetBytes("hello from the first"), Array.Empty<byte>(), large };
        byte[] stream = messages.SelectMany(Frame).ToArray();
        // Fragments of 1, 2, 3... bytes, paused, so headers and bodies arrive split at every kind of place.
        for (int offset = 0, size = 1; offset < stream.Length; offset += size, size = size * 2 + 1)
        {
            first.Send(stream.AsSpan(offset, Math.Min(size, stream.Length - offset)));
            Thread.Sleep(5);
        }
        foreach (Socket client in clients)
        {
            foreach (byte[] message in messages)
            {
                Assert.Equal(message, ReadFrame(client));
            }
        }

        second.Send(Frame(Encoding.UTF8.GetBytes("and one from the second")));
        Assert.All(clients, client => Assert.Equal("and one from the second", Encoding.UTF8.GetString(ReadFrame(client))));
    }

    [Fact]
    public void ALengthAboveTheLimitClosesOnlyThatClient()
    {
        using var server = ExampleProcess.Start("ChatServer", "-p", "0", "--exit-after", "30");
        IPEndPoint endpoint = server.WaitForListening();
        using Socket bad = SocketTestExtensions.Connect(endpoint);
        using Socket good = SocketTestExtensions.Connect(endpoint);
        server.WaitForLine("(2 connected)");
        bad.Send(new byte[] { 0x7f, 0xff, 0xff, 0xff });
        Assert.Equal(0, bad.Receive(new byte[16]));
        good.Send(Frame("still here"u8.ToArray()));
        Assert.Equal("still here", Encoding.UTF8.GetString(ReadFrame(good)));
    }

    private static byte[] Frame(byte[] message)
    {
        byte[] frame = new byte[4 + message.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, message.Length);
        message.CopyTo(frame, 4);
        return frame;
    }

    private static byte[] ReadFrame(Socket client)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(client.ReceiveExactly(4));
        return length == 0 ? Array.Empty<byte>() : client.ReceiveExactly(length);
    }
}
