using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Kiwi.Reactor.Tests;

/// <summary>A test client for any echo server: random bytes sent in random fragments, every byte of the echo checked.</summary>
internal static class EchoClient
{
    /// <summary>
    /// Connects, sends 1..<paramref name="maxLength"/> random bytes in fragments of up to 3000 bytes (now and then
    /// pausing), checks the echo byte for byte, half-closes and expects the server to close in turn.
    /// </summary>
    public static async Task RunAsync(IPEndPoint endpoint, int seed, int maxLength)
    {
        var random = new Random(seed);
        byte[] data = new byte[random.Next(1, maxLength)];
        random.NextBytes(data);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint);
        Task<byte[]> receive = ReceiveAsync(socket, data.Length);
        for (int offset = 0; offset < data.Length;)
        {
            int length = Math.Min(random.Next(1, 3000), data.Length - offset);
            await socket.SendAsync(data.AsMemory(offset, length), SocketFlags.None);
            offset += length;
            if (random.Next(8) == 0)
            {
                await Task.Delay(1);
            }
        }
        byte[] echoed = await receive;
        Assert.True(data.AsSpan().SequenceEqual(echoed), $"connection {seed}: echoed bytes differ");
        socket.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await socket.ReceiveAsync(new byte[1].AsMemory(), SocketFlags.None));
    }

    /// <summary>Receives exactly <paramref name="count"/> bytes; the peer closing first fails the test.</summary>
    public static async Task<byte[]> ReceiveAsync(Socket socket, int count)
    {
        byte[] data = new byte[count];
        int received = 0;
        while (received < count)
        {
            int n = await socket.ReceiveAsync(data.AsMemory(received), SocketFlags.None);
            Assert.True(n > 0, "closed early");
            received += n;
        }
        return data;
    }
}
