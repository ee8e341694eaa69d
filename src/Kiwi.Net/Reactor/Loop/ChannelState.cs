namespace Kiwi.Net.Reactor;

/// <summary>Where a <see cref="Channel"/> stands with its loop's epoll set; it decides ADD, MOD or DEL.</summary>
internal enum ChannelState
{
    /// <summary>Never registered, or removed from the loop: the next update is an ADD with a fresh token.</summary>
    New,

    /// <summary>In the epoll set: the next update is a MOD, or a DEL if the interest became empty.</summary>
    Added,

    /// <summary>Taken out of the epoll set (empty interest) but still known to the loop under its token: the next update is an ADD.</summary>
    Detached,
}
