using System;
using Kiwi.Interop;

namespace Kiwi.Net.SignalDriven;

/// <summary>
/// The three <c>fcntl(2)</c> settings that make a descriptor signal-driven, and their undoing: which signal
/// (<c>F_SETSIG</c>), which thread receives it (<c>F_SETOWN_EX</c> with <c>F_OWNER_TID</c>), and the switch itself
/// (<c>O_ASYNC</c> through <c>F_SETFL</c>).
/// </summary>
internal static unsafe class AsyncSignalOwner
{
    /// <summary>Aims <paramref name="fd"/>'s I/O signals at thread <paramref name="threadId"/> as
    /// <paramref name="signal"/>, then turns <c>O_ASYNC</c> on. Signal and owner are set first so that the very first
    /// notification is already the queued real-time signal aimed at that thread. On failure everything is undone.</summary>
    /// <exception cref="ErrnoException">One of the fcntl calls failed; the call is named (<c>fcntl(F_SETOWN_EX)</c>).</exception>
    public static void Enable(int fd, int signal, int threadId)
    {
        // fcntl accepts O_ASYNC on any file, but only files with a fasync method ever signal. Those here (sockets,
        // pipes, terminals, inotify) all answer FIONREAD; eventfd, timerfd, signalfd and epoll answer ENOTTY.
        int available;
        int probe;
        do { probe = KiwiShim.kiwi_ioctl_ptr(fd, Libc.FIONREAD, &available); } while (probe == -Libc.EINTR);
        if (probe == -Libc.ENOTTY)
        {
            throw new ArgumentException(
                $"fcntl(O_ASYNC): descriptor {fd} cannot raise I/O signals (ioctl(FIONREAD): ENOTTY, e.g. an eventfd); register a socket, pipe or terminal.", "handle");
        }
        int error = Fcntl(fd, Libc.F_SETSIG, signal);
        string call = "fcntl(F_SETSIG)";
        if (error == 0)
        {
            call = "fcntl(F_SETOWN_EX)";
            error = SetOwnerThread(fd, threadId);
        }
        if (error == 0)
        {
            call = "fcntl(F_SETFL)";
            error = SetAsync(fd, on: true);
        }
        if (error != 0)
        {
            Disable(fd);
            ErrnoException.Throw(call, error);
        }
    }

    /// <summary>Turns <c>O_ASYNC</c> off first (no new signal can be raised after it returns), then clears the owner
    /// (pid 0) and the signal. Returns the first failure instead of throwing, so that a caller tearing down many
    /// descriptors undoes them all.</summary>
    /// <returns>null, or an <see cref="ErrnoException"/> naming the fcntl that failed.</returns>
    public static ErrnoException? Disable(int fd)
    {
        int error = SetAsync(fd, on: false);
        if (error != 0)
        {
            return new ErrnoException("fcntl(F_SETFL)", error);
        }
        error = SetOwnerThread(fd, 0);
        if (error != 0)
        {
            return new ErrnoException("fcntl(F_SETOWN_EX)", error);
        }
        error = Fcntl(fd, Libc.F_SETSIG, 0);
        return error != 0 ? new ErrnoException("fcntl(F_SETSIG)", error) : null;
    }

    private static int SetOwnerThread(int fd, int threadId)
    {
        f_owner_ex owner = new() { type = (uint)Libc.F_OWNER_TID, pid = threadId };
        int r = SystemCalls.Fcntl(fd, Libc.F_SETOWN_EX, &owner);
        return r < 0 ? -r : 0;
    }

    private static int SetAsync(int fd, bool on)
    {
        int flags = SystemCalls.Fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0)
        {
            return -flags;
        }
        int wanted = on ? flags | Libc.O_ASYNC : flags & ~Libc.O_ASYNC;
        return wanted == flags ? 0 : Fcntl(fd, Libc.F_SETFL, wanted);
    }

    private static int Fcntl(int fd, int command, int argument)
    {
        int r = SystemCalls.Fcntl(fd, command, argument);
        return r < 0 ? -r : 0;
    }
}
