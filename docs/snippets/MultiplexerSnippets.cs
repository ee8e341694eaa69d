using System;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/MULTIPLEXERS.md: one socketpair with bytes waiting, seen by each multiplexer.</summary>
public static class MultiplexerSnippets
{
    public static bool SelectReadable(LinuxSocket socket)
    {
        #region multiplexers-select
        FdSet readable = new();                                    // an fd_set; a descriptor >= FD_SETSIZE throws
        readable.Add(socket.Handle);
        int ready = Select.Wait(readable, write: null, except: null, TimeSpan.FromSeconds(5));   // select(2)
        bool canRead = readable.Contains(socket.Handle);           // select(2) left only the ready ones in the set
        #endregion
        return ready == 1 && canRead;
    }

    public static PollEvents PollTwo(LinuxSocket first, LinuxSocket second)
    {
        #region multiplexers-poll
        Span<PollDescriptor> watched =
        [
            new PollDescriptor(first.Handle.DangerousGetDescriptor(), PollEvents.In),
            new PollDescriptor(second.Handle.DangerousGetDescriptor(), PollEvents.In | PollEvents.Priority),
        ];
        int ready = Poll.Wait(watched, timeoutMs: 5000);           // how many entries have revents
        PollEvents what = watched[1].ReturnedEvents;               // e.g. In, HangUp, Error
        #endregion
        return ready == 1 ? what : PollEvents.None;
    }

    public static (ulong Token, EpollEvents Events, int Bytes) EpollEdgeTriggered(LinuxSocket socket)
    {
        #region multiplexers-epoll
        using EpollHandle epoll = EpollHandle.Create();           // epoll_create1(EPOLL_CLOEXEC)
        socket.IsNonBlocking = true;                               // edge-triggered wants non-blocking reads
        epoll.Add(socket.Handle, EpollEvents.In | EpollEvents.ReadHangUp | EpollEvents.EdgeTriggered, token: 7);

        Span<EpollEvent> events = stackalloc EpollEvent[64];       // caller-owned: Wait allocates nothing
        int count = epoll.Wait(events, timeoutMs: 5000);
        byte[] buffer = new byte[4096];
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            // Edge-triggered: read until EAGAIN, or the next wake-up never comes.
            while (socket.TryReceive(buffer, out int received) && received > 0)
            {
                total += received;
            }
        }
        #endregion
        return (events[0].Token, events[0].Events, total);
    }

    public static int OneShot(LinuxSocket socket)
    {
        using EpollHandle epoll = EpollHandle.Create();
        Span<EpollEvent> events = stackalloc EpollEvent[4];
        #region multiplexers-oneshot
        epoll.Add(socket.Handle, EpollEvents.In | EpollEvents.OneShot, token: 1);
        int first = epoll.Wait(events, timeoutMs: 5000);           // 1: reported once...
        int second = epoll.Wait(events, timeoutMs: 0);             // 0: ...then disarmed, though still readable
        epoll.Modify(socket.Handle, EpollEvents.In | EpollEvents.OneShot, token: 1);   // re-arm
        int third = epoll.Wait(events, timeoutMs: 5000);           // 1 again
        #endregion
        return first * 100 + second * 10 + third;
    }
}
