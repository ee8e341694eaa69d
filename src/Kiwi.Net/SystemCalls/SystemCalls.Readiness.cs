using Kiwi.Interop;

namespace Kiwi.Net;

// Readiness: epoll, poll, select and the FD_* macros.
internal static unsafe partial class SystemCalls
{
    /// <summary><c>epoll_create1(2)</c>: the new descriptor or <c>-errno</c>.</summary>
    public static int EpollCreate1(int flags) => Result(Libc.epoll_create1(flags));

    /// <summary><c>epoll_ctl(2)</c> (<c>kiwi_epoll_ctl</c>): 0 or <c>-errno</c>.</summary>
    public static int EpollCtl(int epfd, int operation, int fd, epoll_event* @event) => KiwiShim.kiwi_epoll_ctl(epfd, operation, fd, @event);

    /// <summary><c>epoll_wait(2)</c> (<c>kiwi_epoll_wait</c>, which resumes an interrupted wait for what remains):
    /// the number of events, 0 on timeout, or <c>-errno</c>.</summary>
    public static int EpollWait(int epfd, epoll_event* events, int maxEvents, int timeoutMs) => KiwiShim.kiwi_epoll_wait(epfd, events, maxEvents, timeoutMs);

    /// <summary><c>poll(2)</c> (<c>kiwi_poll</c>, which resumes an interrupted wait for what remains): ready entries,
    /// 0 on timeout, or <c>-errno</c>.</summary>
    public static int Poll(pollfd* entries, nuint count, int timeoutMs) => KiwiShim.kiwi_poll(entries, count, timeoutMs);

    /// <summary><c>select(2)</c> (<c>kiwi_select</c>, which resumes an interrupted wait for what remains): ready
    /// descriptors, 0 on timeout, or <c>-errno</c>.</summary>
    public static int Select(int nfds, fd_set* read, fd_set* write, fd_set* except, timeval* timeout) => KiwiShim.kiwi_select(nfds, read, write, except, timeout);

    /// <summary><c>FD_SETSIZE</c> (<c>kiwi_fd_setsize</c>).</summary>
    public static int FdSetSize() => KiwiShim.kiwi_fd_setsize();

    /// <summary><c>FD_ZERO</c> (<c>kiwi_fd_zero</c>).</summary>
    public static void FdZero(fd_set* set) => KiwiShim.kiwi_fd_zero(set);

    /// <summary><c>FD_SET</c> (<c>kiwi_fd_set</c>): 0, or <c>-EINVAL</c> for a descriptor outside the set.</summary>
    public static int FdSet(int fd, fd_set* set) => KiwiShim.kiwi_fd_set(fd, set);

    /// <summary><c>FD_CLR</c> (<c>kiwi_fd_clr</c>): 0, or <c>-EINVAL</c> for a descriptor outside the set.</summary>
    public static int FdClr(int fd, fd_set* set) => KiwiShim.kiwi_fd_clr(fd, set);

    /// <summary><c>FD_ISSET</c> (<c>kiwi_fd_isset</c>): 1, 0, or <c>-EINVAL</c> for a descriptor outside the set.</summary>
    public static int FdIsSet(int fd, fd_set* set) => KiwiShim.kiwi_fd_isset(fd, set);
}
