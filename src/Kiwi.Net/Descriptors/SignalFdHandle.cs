using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiwi.Interop;

namespace Kiwi.Net.SignalDriven;

/// <summary>
/// A signalfd (<c>signalfd(2)</c>): a descriptor from which a thread reads the signals pending for it (and for the
/// process) as <see cref="signalfd_siginfo"/> records instead of having a handler run. The signals must be blocked
/// on the reading thread (<c>pthread_sigmask</c>), or the kernel delivers them before the read sees them. Always
/// close-on-exec and non-blocking.
/// </summary>
/// <remarks>A read returns the signals pending for the <em>thread that reads</em>: signals aimed at one thread
/// (<c>F_OWNER_TID</c>, <c>tgkill</c>) are read only from that thread.</remarks>
public sealed class SignalFdHandle : FileDescriptorHandle
{
    private SignalFdHandle()
    {
    }

    /// <summary>Creates a signalfd for <paramref name="signals"/> with
    /// <c>signalfd(-1, mask, SFD_CLOEXEC | SFD_NONBLOCK)</c>.</summary>
    /// <param name="signals">The signal numbers to read (e.g. <c>Libc.SIGIO</c>).</param>
    /// <exception cref="ErrnoException">A signal number is invalid, or signalfd failed (e.g. <c>EMFILE</c>).</exception>
    public static unsafe SignalFdHandle Create(ReadOnlySpan<int> signals)
    {
        sigset_t mask = SignalSet.Of(signals);
        SignalFdHandle handle = new();
        int fd = SystemCalls.SignalFd(-1, &mask, Libc.SFD_CLOEXEC | Libc.SFD_NONBLOCK);
        if (fd < 0)
        {
            handle.Dispose();
            ErrnoException.Throw("signalfd", -fd);
        }
        handle.SetDescriptor(fd);
        return handle;
    }

    /// <summary>Reads as many pending signals as fit into <paramref name="records"/> (one <c>read(2)</c> of whole
    /// <c>struct signalfd_siginfo</c> records); never waits.</summary>
    /// <param name="records">Where the records go; at least one.</param>
    /// <returns>How many records were read; 0 when no signal is pending (<c>EAGAIN</c>).</returns>
    /// <exception cref="ErrnoException">read failed for another reason.</exception>
    public int TryRead(Span<signalfd_siginfo> records)
    {
        if (!TryRead(MemoryMarshal.AsBytes(records), out int bytes))
        {
            return 0;
        }
        return bytes / Unsafe.SizeOf<signalfd_siginfo>();
    }
}
