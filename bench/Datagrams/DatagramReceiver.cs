using System;

namespace Kiwi.Bench.Datagrams;

/// <summary>One way of receiving UDP datagrams on a non-blocking socket bound to 127.0.0.1, with no work per datagram
/// beyond receiving it and, where the API gives it, its sender's address.</summary>
public abstract class DatagramReceiver : IDisposable
{
    /// <summary>The receivers compared, by name.</summary>
    public static readonly string[] Names = { "recvmmsg", "recvfrom", "sns", "sns-address" };

    /// <summary>The receive buffer every receiver asks for (SO_RCVBUFFORCE as root, so a drained queue holds a
    /// whole round; SO_RCVBUF, capped by net.core.rmem_max, otherwise).</summary>
    public const int ReceiveBufferBytes = 64 << 20;

    /// <summary>The bound port.</summary>
    public abstract int Port { get; }

    /// <summary>The receiver's descriptor, to wait on.</summary>
    public abstract int Descriptor { get; }

    /// <summary>What the table calls it.</summary>
    public abstract string Description { get; }

    /// <summary>Receives what is queued, up to the receiver's batch: false when nothing was (EAGAIN).</summary>
    public abstract bool TryReceive(out int datagrams);

    public abstract void Dispose();

    /// <summary>Creates receiver <paramref name="name"/>.</summary>
    public static DatagramReceiver Create(string name, int size, int batch) => name switch
    {
        "recvmmsg" => new KiwiReceiver(size, batch),
        "recvfrom" => new KiwiReceiver(size, batch: 0),
        "sns" => new SystemNetReceiver(size, socketAddress: false),
        "sns-address" => new SystemNetReceiver(size, socketAddress: true),
        _ => throw new ArgumentException($"unknown receiver {name}; known: {string.Join(", ", Names)}"),
    };
}
