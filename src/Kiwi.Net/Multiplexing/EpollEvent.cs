using Kiwi.Interop;

namespace Kiwi.Net.Multiplexing;

/// <summary>One event of <see cref="EpollHandle.Wait"/>: a <c>struct epoll_event</c> (it holds exactly one, so the
/// platform's layout, packed to 12 bytes on x86_64, is kept) with typed flags and the registration's 64-bit token.</summary>
public struct EpollEvent
{
    private epoll_event _native;

    /// <summary>An event with flags and a token.</summary>
    /// <param name="events">The flags (<c>events</c>).</param>
    /// <param name="token">The user token (<c>data.u64</c>).</param>
    public EpollEvent(EpollEvents events, ulong token)
    {
        _native.events = (uint)events;
        _native.data.u64 = (nuint)token;
    }

    /// <summary><c>events</c>: what happened (or, for epoll_ctl, what to watch).</summary>
    public readonly EpollEvents Events => (EpollEvents)_native.events;

    /// <summary><c>data.u64</c>: the 64-bit token given when the descriptor was added or modified.</summary>
    public readonly ulong Token => (ulong)_native.data.u64;
}
