namespace Kiwi.Examples.EpollEcho;

/// <summary>How <see cref="EpollEchoServer"/> registers its sockets (<c>--mode lt|et</c>).</summary>
public enum TriggerMode
{
    /// <summary><c>lt</c>: level-triggered, epoll's default: a socket is reported for as long as it is ready.</summary>
    Level,

    /// <summary><c>et</c>: <c>EPOLLET</c>: a socket is reported when it becomes ready, so every wake-up drains it
    /// until <c>EAGAIN</c>.</summary>
    Edge,
}
