using System;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// An eventfd (<c>eventfd(2)</c>): a 64-bit counter in the kernel that a thread increments with
/// <see cref="TryAdd"/> and another drains with <see cref="TryRead"/>; readable while the counter is non-zero,
/// which makes it the wake-up for an event loop blocked in epoll. Always close-on-exec.
/// </summary>
public sealed class EventFdHandle : FileDescriptorHandle
{
    private EventFdHandle()
    {
    }

    /// <summary>Creates an eventfd with <c>eventfd(initialValue, EFD_CLOEXEC | ...)</c>.</summary>
    /// <param name="initialValue">The counter's start value.</param>
    /// <param name="nonBlocking">Adds <c>EFD_NONBLOCK</c>: reads of a zero counter return false instead of waiting.</param>
    /// <param name="semaphore">Adds <c>EFD_SEMAPHORE</c>: each read returns 1 and decrements the counter by 1.</param>
    public static EventFdHandle Create(uint initialValue = 0, bool nonBlocking = false, bool semaphore = false)
    {
        int flags = Libc.EFD_CLOEXEC | (nonBlocking ? Libc.EFD_NONBLOCK : 0) | (semaphore ? Libc.EFD_SEMAPHORE : 0);
        EventFdHandle handle = new();
        int fd = SystemCalls.EventFd(initialValue, flags);
        if (fd < 0)
        {
            handle.Dispose();
            ErrnoException.Throw("eventfd", -fd);
        }
        handle.SetDescriptor(fd);
        return handle;
    }

    /// <summary>Adds <paramref name="value"/> to the counter (an 8-byte <c>write(2)</c>).</summary>
    /// <param name="value">What to add; 1 to wake a waiter.</param>
    /// <returns>False when the counter would overflow and the eventfd is non-blocking (<c>EAGAIN</c>).</returns>
    public bool TryAdd(ulong value = 1)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BitConverter.TryWriteBytes(bytes, value);
        return TryWrite(bytes, out _);
    }

    /// <summary>Reads and resets the counter (an 8-byte <c>read(2)</c>; in semaphore mode reads 1).</summary>
    /// <param name="value">The counter's value before the read.</param>
    /// <returns>False when the counter is zero and the eventfd is non-blocking (<c>EAGAIN</c>).</returns>
    public bool TryRead(out ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        bool read = TryRead(bytes, out _);
        value = read ? BitConverter.ToUInt64(bytes) : 0;
        return read;
    }
}
