using System.Runtime.InteropServices;
using Kiwi.Interop;

namespace Kiwi.Bench.Micro;

/// <summary>The baselines: the libc calls bound the cheapest way there is, a blittable DllImport without SetLastError.</summary>
internal static unsafe class RawImports
{
    [DllImport("libc.so.6", EntryPoint = "epoll_wait")]
    public static extern int epoll_wait(int epfd, epoll_event* events, int maxevents, int timeout);

    [DllImport("libc.so.6", EntryPoint = "recv")]
    public static extern nint recv(int fd, void* buf, nuint len, int flags);

    [DllImport("libc.so.6", EntryPoint = "poll")]
    public static extern int poll(pollfd* fds, nuint nfds, int timeout);
}
