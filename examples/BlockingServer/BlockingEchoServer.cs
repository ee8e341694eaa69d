using System;
using System.Net;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net;

namespace Kiwi.Examples.BlockingServer;

/// <summary>
/// An iterative echo server on blocking calls only: <c>accept</c> waits for a client, <c>recv</c> waits for its
/// bytes, <c>send</c> waits for room. One client is served at a time; the next waits in the listen backlog.
/// </summary>
public sealed class BlockingEchoServer
{
    private readonly LinuxSocket _listener;
    private readonly Lock _gate = new();
    private LinuxSocket? _client;
    private bool _stopping;

    /// <summary>A server on a bound, listening, blocking socket.</summary>
    /// <param name="listener">The listening socket; the caller disposes it after <see cref="Run"/>.</param>
    public BlockingEchoServer(LinuxSocket listener) => _listener = listener;

    /// <summary>Accepts and serves clients until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="stop">Cancelled on Ctrl+C, SIGTERM or <c>--exit-after</c>.</param>
    public void Run(CancellationToken stop)
    {
        // A blocked accept or recv has no timeout: stopping wakes it by shutting the sockets down (see Wake).
        using CancellationTokenRegistration wake = stop.Register(Wake);
        byte[] buffer = new byte[4096];
        while (!stop.IsCancellationRequested)
        {
            LinuxSocket client;
            EndPoint? peer;
            try
            {
                client = _listener.Accept(out peer);
            }
            catch (ErrnoException e) when (stop.IsCancellationRequested || e.Errno == Libc.ECONNABORTED)
            {
                // EINVAL after the listener was shut down to stop; ECONNABORTED: the client left before accept.
                continue;
            }
            using (client)
            {
                if (!Track(client))
                {
                    break;
                }
                Console.WriteLine($"client {peer} connected");
                long echoed = Serve(client, buffer);
                Console.WriteLine($"client {peer} done, {echoed} bytes echoed");
                Track(null);
            }
        }
    }

    /// <summary>Echoes until the client shuts down its side (recv returns 0) or the connection breaks.</summary>
    private static long Serve(LinuxSocket client, byte[] buffer)
    {
        long echoed = 0;
        try
        {
            int n;
            while ((n = client.Receive(buffer)) > 0)
            {
                client.SendAll(buffer.AsSpan(0, n), MessageFlags.NoSignal);
                echoed += n;
            }
        }
        catch (ErrnoException e)
        {
            Console.Error.WriteLine($"client dropped: {e.Message}");
        }
        return echoed;
    }

    /// <summary>Records the client being served, so that <see cref="Wake"/> can reach it.</summary>
    /// <returns>False when the server is already stopping.</returns>
    private bool Track(LinuxSocket? client)
    {
        lock (_gate)
        {
            _client = client;
            return !_stopping;
        }
    }

    /// <summary>Runs on the thread that cancels: shutdown(2) on a listening socket makes a blocked accept fail
    /// with EINVAL, and on a connection makes a blocked recv return 0, so the loop sees the stop at once.</summary>
    private void Wake()
    {
        lock (_gate)
        {
            _stopping = true;
            TryShutdown(_listener);
            if (_client is not null)
            {
                TryShutdown(_client);
            }
        }
    }

    private static void TryShutdown(LinuxSocket socket)
    {
        try
        {
            socket.Shutdown(ShutdownHow.Both);
        }
        catch (Exception e) when (e is ErrnoException or ObjectDisposedException)
        {
            // Already closed or not connected: nothing is blocked on it.
        }
    }
}
