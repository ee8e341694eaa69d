using System;

namespace Kiwi.Net.Proactor;

/// <summary>
/// <c>io_uring_setup(2)</c> was refused: the kernel has no io_uring (<c>ENOSYS</c>), or it is switched off or
/// forbidden to this process (<c>EPERM</c>: <c>/proc/sys/kernel/io_uring_disabled</c>, a seccomp filter or a
/// container profile). The message names the errno and, when it can read it, the sysctl's value.
/// </summary>
public sealed class IoUringUnavailableException : NotSupportedException
{
    /// <summary>Creates the exception for <c>io_uring_setup</c> failing with <paramref name="errno"/>.</summary>
    /// <param name="errno">The positive errno value (<c>ENOSYS</c> or <c>EPERM</c>).</param>
    /// <param name="reason">Why, in words (e.g. the value of <c>io_uring_disabled</c>).</param>
    public IoUringUnavailableException(int errno, string reason)
        : base($"io_uring is unavailable: io_uring_setup failed with {ErrnoException.NameOf(errno)} ({reason})",
            new ErrnoException("io_uring_setup", errno))
    {
        Errno = errno;
        ErrnoName = ErrnoException.NameOf(errno);
    }

    /// <summary>The positive errno value <c>io_uring_setup</c> returned.</summary>
    public int Errno { get; }

    /// <summary>Its symbolic name (<c>"ENOSYS"</c>, <c>"EPERM"</c>).</summary>
    public string ErrnoName { get; }
}
