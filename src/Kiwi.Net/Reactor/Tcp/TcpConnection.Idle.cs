namespace Kiwi.Net.Reactor;

// What TcpServer's idle timeout reads: when the connection last received bytes.
public sealed partial class TcpConnection
{
    /// <summary>When the connection was established or last received bytes, nanoseconds of
    /// <see cref="MonotonicClock"/> (the loop's poll-return time); kept while <see cref="TcpServer.IdleTimeout"/> is on.</summary>
    public long LastReceiveTime { get; internal set; }
}
