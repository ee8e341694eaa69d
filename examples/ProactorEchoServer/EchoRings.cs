using System;
using System.Collections.Generic;
using System.Net;
using Kiwi.Net;
using Kiwi.Net.Proactor;

namespace Kiwi.Examples.ProactorEchoServer;

/// <summary>
/// N echo rings on one port: each a <see cref="Proactor"/> (a ring and a thread) with its own SO_REUSEPORT
/// listener, so the kernel spreads the connections over the rings. Disposing cancels what the rings still hold,
/// then closes the listeners.
/// </summary>
internal sealed class EchoRings : IDisposable
{
    private readonly List<Proactor> _proactors = new();
    private readonly List<LinuxSocket> _listeners = new();

    private EchoRings()
    {
    }

    /// <summary>The bound port (the one the kernel chose when 0 was asked for).</summary>
    public int Port { get; private set; }

    /// <summary>How many rings run.</summary>
    public int Count => _proactors.Count;

    /// <summary>Binds <paramref name="rings"/> listeners to <paramref name="address"/>:<paramref name="port"/> and
    /// starts a Proactor echoing on each.</summary>
    /// <exception cref="IoUringUnavailableException">The kernel refused io_uring.</exception>
    public static EchoRings Start(IPAddress address, int port, int rings)
    {
        EchoRings started = new() { Port = port };
        try
        {
            for (int i = 0; i < Math.Max(1, rings); i++)
            {
                LinuxSocket listener = LinuxSocket.Create(
                    SocketDomains.Of(address), SocketKind.Stream);
                started._listeners.Add(listener);
                listener.Options.ReuseAddress = true;
                listener.Options.ReusePort = true;
                listener.Bind(new IPEndPoint(address, started.Port));
                listener.Listen(4096);
                // With port 0 the first bind picks the port; the other rings join it.
                started.Port = ((IPEndPoint)listener.LocalEndPoint!).Port;

                // As the C io_uring server: 4096 provided buffers of 16 KiB (address space; pages are touched as used).
                Proactor proactor = new(new ProactorOptions { ThreadName = $"proactor-{i}", ProvidedBufferCount = 4096, ProvidedBufferSize = 16 * 1024 });
                started._proactors.Add(proactor);
                new EchoServer(proactor, listener).Start();
            }
            return started;
        }
        catch
        {
            started.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the Proactors (cancelling the accepts and receives in flight), then the listeners.</summary>
    public void Dispose()
    {
        _proactors.ForEach(p => p.Dispose());
        _listeners.ForEach(l => l.Dispose());
    }
}
