using System.Runtime.CompilerServices;
using Kiwi.Interop;

namespace Kiwi.Net;

// Calls on any descriptor, and the calls that make the special ones (pipe, eventfd, timerfd, signalfd).
internal static unsafe partial class SystemCalls
{
    /// <summary><c>read(2)</c> (<c>kiwi_read</c>): bytes read, 0 at end of file, or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Read(int fd, void* buffer, nuint count) => KiwiShim.kiwi_read(fd, buffer, count);

    /// <summary><c>write(2)</c> (<c>kiwi_write</c>): bytes written or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Write(int fd, void* buffer, nuint count) => KiwiShim.kiwi_write(fd, buffer, count);

    /// <summary><c>readv(2)</c> (<c>kiwi_readv</c>): bytes read or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint ReadV(int fd, iovec* vectors, int count) => KiwiShim.kiwi_readv(fd, vectors, count);

    /// <summary><c>writev(2)</c> (<c>kiwi_writev</c>): bytes written or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint WriteV(int fd, iovec* vectors, int count) => KiwiShim.kiwi_writev(fd, vectors, count);

    /// <summary><c>close(2)</c> (<c>kiwi_close</c>): 0 or <c>-errno</c>; never retried.</summary>
    public static int Close(int fd) => KiwiShim.kiwi_close(fd);

    /// <summary><c>fcntl(2)</c> with an integer argument (<c>kiwi_fcntl_int</c>): what the command returns or <c>-errno</c>.</summary>
    public static int Fcntl(int fd, int command, int argument) => KiwiShim.kiwi_fcntl_int(fd, command, argument);

    /// <summary><c>fcntl(2)</c> with a pointer argument (<c>kiwi_fcntl_ptr</c>): what the command returns or <c>-errno</c>.</summary>
    public static int Fcntl(int fd, int command, void* argument) => KiwiShim.kiwi_fcntl_ptr(fd, command, argument);

    /// <summary><c>pipe2(2)</c> into <paramref name="descriptors"/>[0..1]: 0 or <c>-errno</c>.</summary>
    public static int Pipe2(int* descriptors, int flags) => Result(Libc.pipe2(descriptors, flags));

    /// <summary><c>eventfd(2)</c>: the new descriptor or <c>-errno</c>.</summary>
    public static int EventFd(uint initialValue, int flags) => Result(Libc.eventfd(initialValue, flags));

    /// <summary><c>timerfd_create(2)</c>: the new descriptor or <c>-errno</c>.</summary>
    public static int TimerFdCreate(int clock, int flags) => Result(Libc.timerfd_create(clock, flags));

    /// <summary><c>timerfd_settime(2)</c> (<c>kiwi_timerfd_settime</c>, no SetLastError on a loop's re-arm): 0 or <c>-errno</c>.</summary>
    public static int TimerFdSetTime(int fd, int flags, itimerspec* value) => KiwiShim.kiwi_timerfd_settime(fd, flags, value, null);

    /// <summary><c>signalfd(2)</c>: the descriptor or <c>-errno</c>.</summary>
    public static int SignalFd(int fd, sigset_t* mask, int flags) => Result(Libc.signalfd(fd, mask, flags));
}
