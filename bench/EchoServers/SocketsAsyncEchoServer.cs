using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Kiwi.Bench.EchoServers;

/// <summary>The System.Net.Sockets baseline: one async task per connection, Memory&lt;byte&gt; buffers.</summary>
internal static class SocketsAsyncEchoServer
{
    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> and echoes until <paramref name="stop"/> fires.</summary>
    public static async Task RunAsync(int port, CancellationToken stop)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(1024);
        Console.Error.WriteLine($"sns: listening on 127.0.0.1:{port}");
        try
        {
            while (true)
            {
                Socket client = await listener.AcceptAsync(stop).ConfigureAwait(false);
                client.NoDelay = true;
                _ = EchoAsync(client, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task EchoAsync(Socket client, CancellationToken stop)
    {
        byte[] buffer = new byte[64 * 1024];
        using (client)
        {
            try
            {
                while (true)
                {
                    int n = await client.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, stop).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    int sent = 0;
                    while (sent < n)
                    {
                        sent += await client.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, stop).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // A reset or the end of the run closes the connection; nothing to report per connection.
            }
        }
    }
}
