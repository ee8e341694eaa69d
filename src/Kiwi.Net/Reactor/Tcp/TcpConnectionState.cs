namespace Kiwi.Net.Reactor;

/// <summary>Where a <see cref="TcpConnection"/> is in its life.</summary>
public enum TcpConnectionState
{
    /// <summary>Accepted or connected, not yet registered with its loop.</summary>
    Connecting,

    /// <summary>Registered; data flows both ways.</summary>
    Connected,

    /// <summary>Shutdown or ForceClose was requested: no new sends; closes once the output has drained.</summary>
    Disconnecting,

    /// <summary>Closed: the descriptor is released and no callback will run for it again.</summary>
    Disconnected,
}
