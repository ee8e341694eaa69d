using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Kiwi.Net.Tests.Examples;

/// <summary>
/// Clients that load an example echo server: each sends random-sized fragments (some of them large), shuts down its
/// sending side, and reads until the server closes, then checks that every byte came back in order. They use
/// System.Net.Sockets, an implementation independent of the library under test.
/// </summary>
internal static class EchoClients
{
    /// <summary>Runs <paramref name="clients"/> clients at once against <paramref name="server"/>, each sending
    /// <paramref name="bytesPerClient"/> bytes, all within <paramref name="timeout"/>.</summary>
    public static async Task RunAsync(IPEndPoint server, int clients, int bytesPerClient, TimeSpan timeout)
    {
        using CancellationTokenSource cancel = new(timeout);
        Task[] running = new Task[clients];
        for (int i = 0; i < clients; i++)
        {
            running[i] = RunOneAsync(server, seed: i, bytesPerClient, cancel.Token);
        }
        await Task.WhenAll(running);
    }

    private static async Task RunOneAsync(IPEndPoint server, int seed, int total, CancellationToken token)
    {
        // Odd clients send everything before they read, with a small receive buffer, so that the server's socket
        // fills and it must keep the rest as pending output (partial writes); even ones read while they send.
        bool readAfterSending = seed % 2 == 1;
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (readAfterSending)
        {
            socket.ReceiveBufferSize = 4096;
        }
        await socket.ConnectAsync(IPAddress.Loopback, server.Port, token);

        Random random = new(seed);
        byte[] sent = new byte[total];
        random.NextBytes(sent);
        Task sending = SendFragmentsAsync(socket, sent, random, token);
        if (readAfterSending)
        {
            await sending;
        }

        // One byte of room beyond what was sent, so that an echo of too many bytes is seen.
        byte[] received = new byte[total + 1];
        int filled = 0;
        while (filled < received.Length)
        {
            int n = await socket.ReceiveAsync(received.AsMemory(filled), SocketFlags.None, token);
            if (n == 0)
            {
                break;
            }
            filled += n;
        }
        await sending;

        Assert.Equal(total, filled);
        int mismatch = sent.AsSpan().CommonPrefixLength(received.AsSpan(0, filled));
        Assert.True(mismatch == total, $"client {seed}: echo differs from byte {mismatch} on");
    }

    /// <summary>Sends in fragments of 1 byte to 4 KiB, with one in eight between 32 and 96 KiB, then half-closes.</summary>
    private static async Task SendFragmentsAsync(Socket socket, byte[] data, Random random, CancellationToken token)
    {
        int offset = 0;
        while (offset < data.Length)
        {
            int size = random.Next(8) == 0 ? random.Next(32 * 1024, 96 * 1024) : random.Next(1, 4097);
            size = Math.Min(size, data.Length - offset);
            offset += await socket.SendAsync(data.AsMemory(offset, size), SocketFlags.None, token);
        }
        // End of our stream: the server echoes what it still holds, then closes, which ends the reading side.
        socket.Shutdown(SocketShutdown.Send);
    }
}
