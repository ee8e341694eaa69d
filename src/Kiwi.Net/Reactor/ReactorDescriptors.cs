using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

/// <summary>Creates the descriptors an <see cref="EventLoop"/> owns, each non-blocking and close-on-exec.</summary>
internal static class ReactorDescriptors
{
    /// <summary><c>epoll_create1(EPOLL_CLOEXEC)</c>.</summary>
    public static FileDescriptorHandle CreateEpoll() => Own(Libc.epoll_create1(Libc.EPOLL_CLOEXEC), "epoll_create1");

    /// <summary><c>eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)</c>: the loop's wake-up.</summary>
    public static FileDescriptorHandle CreateEventFd() => Own(Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC), "eventfd");

    /// <summary><c>timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)</c>: the loop's timers.</summary>
    public static FileDescriptorHandle CreateTimerFd() => Own(Libc.timerfd_create(Libc.CLOCK_MONOTONIC, Libc.TFD_NONBLOCK | Libc.TFD_CLOEXEC), "timerfd_create");

    private static FileDescriptorHandle Own(int descriptor, string call)
    {
        if (descriptor < 0)
        {
            ErrnoException.ThrowLastError(call);
        }
        return new FileDescriptorHandle(descriptor, ownsHandle: true);
    }
}
