using System;
using System.IO;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;
using Microsoft.Win32.SafeHandles;

namespace Kiwi.Examples.SendFile;

/// <summary>
/// Serves one file to each client in turn with <see cref="LinuxSocket.SendFile"/>: accept, <c>sendfile</c> from
/// offset 0 to the end (waiting with <c>poll</c> whenever the socket is full), close. The file is opened per client,
/// so a client gets the file as it is when it connects.
/// </summary>
public sealed class FileServer
{
    /// <summary>How long one wait for a connection lasts before the stop token is looked at again.</summary>
    private const int WaitMs = 100;

    private readonly LinuxSocket _listener;
    private readonly string _path;

    /// <summary>A server on a bound, listening, non-blocking socket.</summary>
    /// <param name="listener">The listener; the caller disposes it.</param>
    /// <param name="path">The file to serve.</param>
    public FileServer(LinuxSocket listener, string path)
    {
        _listener = listener;
        _path = path;
    }

    /// <summary>Clients served so far.</summary>
    public int Clients { get; private set; }

    /// <summary>Serves clients until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="stop">Cancelled on Ctrl+C, SIGTERM or <c>--exit-after</c>.</param>
    public void Run(CancellationToken stop)
    {
        int fd = _listener.Handle.DangerousGetDescriptor();
        while (!stop.IsCancellationRequested)
        {
            if (!_listener.TryAccept(out LinuxSocket? client, out System.Net.EndPoint? peer))
            {
                RawDescriptor.WaitFor(fd, PollEvents.In, WaitMs);
                continue;
            }
            using (client)
            using (SafeFileHandle file = File.OpenHandle(_path))
            {
                try
                {
                    long length = RandomAccess.GetLength(file);
                    long sent = client.SendFile(file, 0, length);
                    Console.WriteLine($"sent {sent} bytes to {peer}");
                    Clients++;
                }
                catch (ErrnoException e)
                {
                    // A client that goes away mid-transfer (EPIPE, ECONNRESET) ends its own transfer, not the server.
                    Console.WriteLine($"{peer}: {e.Message}");
                }
            }
        }
    }
}
