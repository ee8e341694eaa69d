using System;

namespace Kiwi.Net.Reactor;

/// <summary>The user callbacks a <see cref="TcpServer"/> or <see cref="ReactorTcpClient"/> gives each of its connections.</summary>
public sealed class TcpCallbacks
{
    /// <summary>Default <see cref="HighWaterMark"/>: 64 MiB of queued output.</summary>
    public const int DefaultHighWaterMark = 64 * 1024 * 1024;

    /// <summary>A connection came up or went down (check <see cref="TcpConnection.IsConnected"/>).</summary>
    public Action<TcpConnection>? Connection { get; set; }

    /// <summary>Data arrived.</summary>
    public MessageCallback? Message { get; set; }

    /// <summary>All queued output has been handed to the kernel.</summary>
    public Action<TcpConnection>? WriteComplete { get; set; }

    /// <summary>Queued output crossed <see cref="HighWaterMark"/> upwards; the second argument is the queued byte count.</summary>
    public Action<TcpConnection, int>? HighWaterMarkReached { get; set; }

    /// <summary>Queued output size at which <see cref="HighWaterMarkReached"/> fires.</summary>
    public int HighWaterMark { get; set; } = DefaultHighWaterMark;

    internal TcpCallbacks Clone() => (TcpCallbacks)MemberwiseClone();
}
