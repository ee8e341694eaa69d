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
    /// <summary>What a pressing client sends: more than loopback's socket buffers absorb (the server's send
    /// buffer grows to tcp_wmem's 4 MiB; partial writes were seen from about 3 MiB on).</summary>
    public const int PressingBytes = 6 * 1024 * 1024;

    /// <summary>How long a pressing client sends before it starts to read even if it has not finished, so that a
    /// server that stops reading at its output mark can never deadlock the test.</summary>
    private static readonly TimeSpan PressingReadDelay = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="clients"/> clients at once, each sending <paramref name="bytesPerClient"/>
    /// bytes while it reads, plus <paramref name="pressing"/> clients that send <see cref="PressingBytes"/> with a
    /// small receive window and read only later, so that the server's sockets fill and it must keep pending output
    /// across partial writes. All within <paramref name="timeout"/>.</summary>
    public static async Task RunAsync(IPEndPoint server, int clients, int bytesPerClient, int pressing, TimeSpan timeout)
    {
        using CancellationTokenSource cancel = new(timeout);
        Task[] running = new Task[clients + pressing];
        for (int i = 0; i < running.Length; i++)
        {
            running[i] = i < clients
                ? RunOneAsync(server, seed: i, bytesPerClient, pressing: false, cancel.Token)
                : RunOneAsync(server, seed: i, PressingBytes, pressing: true, cancel.Token);
        }
        await Task.WhenAll(running);
    }

    private static async Task RunOneAsync(IPEndPoint server, int seed, int total, bool pressing, CancellationToken token)
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (pressing)
        {
            socket.ReceiveBufferSize = 4096;
        }
        await socket.ConnectAsync(IPAddress.Loopback, server.Port, token);

        Random random = new(seed);
        byte[] sent = new byte[total];
        random.NextBytes(sent);
        Task sending = SendFragmentsAsync(socket, sent, random, token);
        if (pressing)
        {
            await Task.WhenAny(sending, Task.Delay(PressingReadDelay, token));
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
        int same = sent.AsSpan().CommonPrefixLength(received.AsSpan(0, filled));
        Assert.True(same == total, $"client {seed}: the echo differs from byte {same} on");
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
