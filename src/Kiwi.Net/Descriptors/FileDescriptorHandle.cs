using System;
using System.Runtime.InteropServices;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

/// <summary>
/// Owns a Linux file descriptor and closes it with <c>close(2)</c> exactly once. Disposing twice is harmless; a
/// call after dispose throws <see cref="ObjectDisposedException"/>; a call in progress on another thread keeps the
/// descriptor open (and its number unused) until it returns, by <see cref="SafeHandle"/> reference counting.
/// </summary>
/// <remarks>
/// <para><b>Dispose while calls are in flight.</b> In this order: (1) from the moment Dispose begins every new
/// call fails at once with <see cref="ObjectDisposedException"/>; (2) calls waiting in this library's
/// <c>poll</c> (the blocking methods on a non-blocking descriptor, <see cref="WaitFor"/>, or any call given a
/// timeout or a <see cref="System.Threading.CancellationToken"/>) are woken through an eventfd and end with
/// <see cref="ObjectDisposedException"/>; (3) a socket (<see cref="SocketHandle"/>) is also shut down
/// (<c>shutdown(SHUT_RDWR)</c>), which ends a call blocked in the kernel (<c>accept</c>, <c>recv</c>,
/// <c>send</c>, <c>connect</c>); that call too ends with <see cref="ObjectDisposedException"/>; (4) the descriptor is
/// closed when the last call has left. A call blocked in the kernel on a blocking-mode pipe or eventfd without a
/// timeout has nothing to wake it and goes on until data comes: use non-blocking mode, a timeout or a token.</para>
/// </remarks>
/// <remarks>
/// Instance methods are the safe path. For the hottest calls see <see cref="RawDescriptor"/>, which skips the
/// reference count and works on <see cref="DangerousGetDescriptor"/>.
/// </remarks>
public partial class FileDescriptorHandle : SafeHandle
{
    /// <summary>Wraps an existing descriptor.</summary>
    /// <param name="descriptor">The descriptor number.</param>
    /// <param name="ownsHandle">True to close it when this handle is disposed or finalized.</param>
    public FileDescriptorHandle(int descriptor, bool ownsHandle)
        : base(new IntPtr(-1), ownsHandle)
    {
        SetHandle(new IntPtr(descriptor));
    }

    /// <summary>Creates an owning handle with no descriptor yet, so that a subclass can allocate the handle before
    /// the system call that makes the descriptor and never leak it (see <see cref="SetDescriptor"/>).</summary>
    protected FileDescriptorHandle()
        : base(new IntPtr(-1), ownsHandle: true)
    {
    }

    /// <summary>True when no descriptor is held (a negative number).</summary>
    public override bool IsInvalid => (int)handle < 0;

    /// <summary>The descriptor number without taking a reference: valid only while the caller guarantees that no
    /// other thread disposes this handle (the contract of <see cref="RawDescriptor"/>).</summary>
    /// <exception cref="ObjectDisposedException">The handle is closed.</exception>
    public int DangerousGetDescriptor()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        return (int)handle;
    }

    /// <summary>Stores a descriptor that a system call just returned into a handle made by the protected
    /// constructor.</summary>
    /// <param name="descriptor">The new descriptor.</param>
    protected internal void SetDescriptor(int descriptor) => SetHandle(new IntPtr(descriptor));

    /// <summary>Closes the descriptor with <c>close(2)</c> (through the shim). Never retried: Linux frees the
    /// number even when close reports <c>EINTR</c>.</summary>
    protected override bool ReleaseHandle()
    {
        // The last call has left: the wake-up descriptor of aborted waits goes with the descriptor.
        CloseAbortDescriptor();
        return SystemCalls.Close((int)handle) != -Libc.EBADF;
    }

    /// <summary><c>read(2)</c>, waiting (with <c>poll</c>) when the descriptor is non-blocking and empty.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">How long the call may wait (it then polls before each attempt, so a blocking-mode
    /// descriptor cannot block past it): <see cref="TimeoutException"/> after it; null waits as long as it takes.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The handle was disposed, before or during the call.</exception>
    /// <returns>Bytes read; 0 at end of file.</returns>
    public int Read(Span<byte> buffer, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ReceiveBuffer.ThrowIfEmpty(buffer.Length, "read", nameof(buffer));
        BlockingCall wait = new(this, "read", timeout, cancellationToken, timeoutOption: 0);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.In);
            if (TryRead(buffer, out int count))
            {
                wait.ThrowIfDisposed();
                return count;
            }
            wait.AfterWouldBlock(PollEvents.In);
        }
    }

    /// <summary><c>read(2)</c> that never waits on a non-blocking descriptor.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="bytesRead">Bytes read; 0 at end of file.</param>
    /// <returns>False when the descriptor is non-blocking and has nothing to read (<c>EAGAIN</c>).</returns>
    public bool TryRead(Span<byte> buffer, out int bytesRead)
    {
        ReceiveBuffer.ThrowIfEmpty(buffer.Length, "read", nameof(buffer));
        using DescriptorLease lease = new(this);
        return SystemCalls.Completed(RawDescriptor.Read(lease.Descriptor, buffer), "read", out bytesRead);
    }

    /// <summary><c>write(2)</c>, waiting (with <c>poll</c>) when the descriptor is non-blocking and full.</summary>
    /// <param name="buffer">The bytes to write.</param>
    /// <param name="timeout">How long the call may wait (it then polls before each attempt, so a blocking-mode
    /// descriptor cannot block past it): <see cref="TimeoutException"/> after it; null waits as long as it takes.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The handle was disposed, before or during the call.</exception>
    /// <returns>Bytes written (may be fewer than <paramref name="buffer"/> holds).</returns>
    public int Write(ReadOnlySpan<byte> buffer, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        BlockingCall wait = new(this, "write", timeout, cancellationToken, timeoutOption: 0);
        while (true)
        {
            wait.BeforeAttempt(PollEvents.Out);
            if (TryWrite(buffer, out int count))
            {
                wait.ThrowIfDisposed();
                return count;
            }
            wait.AfterWouldBlock(PollEvents.Out);
        }
    }

    /// <summary><c>write(2)</c> that never waits on a non-blocking descriptor.</summary>
    /// <param name="buffer">The bytes to write.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <returns>False when the descriptor is non-blocking and cannot take bytes now (<c>EAGAIN</c>).</returns>
    public bool TryWrite(ReadOnlySpan<byte> buffer, out int bytesWritten)
    {
        using DescriptorLease lease = new(this);
        return SystemCalls.Completed(RawDescriptor.Write(lease.Descriptor, buffer), "write", out bytesWritten);
    }

    /// <summary>Whether <c>O_NONBLOCK</c> is set (<c>fcntl(F_GETFL)</c>/<c>fcntl(F_SETFL)</c>).</summary>
    public bool IsNonBlocking
    {
        get => (StatusFlags() & Libc.O_NONBLOCK) != 0;
        set => ChangeFlag(Libc.F_GETFL, "fcntl(F_GETFL)", Libc.F_SETFL, "fcntl(F_SETFL)", Libc.O_NONBLOCK, value);
    }

    /// <summary>Whether <c>FD_CLOEXEC</c> is set (<c>fcntl(F_GETFD)</c>/<c>fcntl(F_SETFD)</c>). Clear it to let a
    /// child started with <c>execve</c> inherit the descriptor.</summary>
    public bool IsCloseOnExec
    {
        get
        {
            using DescriptorLease lease = new(this);
            return (Fcntl(lease.Descriptor, Libc.F_GETFD, 0, "fcntl(F_GETFD)") & Libc.FD_CLOEXEC) != 0;
        }
        set => ChangeFlag(Libc.F_GETFD, "fcntl(F_GETFD)", Libc.F_SETFD, "fcntl(F_SETFD)", Libc.FD_CLOEXEC, value);
    }

    /// <summary>Sets or clears one bit of the flags <paramref name="get"/>/<paramref name="set"/> reach; no
    /// <c>fcntl</c> set call when the bit is already as wanted.</summary>
    private void ChangeFlag(int get, string getCall, int set, string setCall, int bit, bool on)
    {
        using DescriptorLease lease = new(this);
        int flags = Fcntl(lease.Descriptor, get, 0, getCall);
        int wanted = on ? flags | bit : flags & ~bit;
        if (wanted != flags)
        {
            Fcntl(lease.Descriptor, set, wanted, setCall);
        }
    }

    /// <summary>Duplicates the descriptor with <c>fcntl(F_DUPFD_CLOEXEC)</c> onto the lowest free number
    /// ≥ <paramref name="minimumDescriptor"/>; the new descriptor is close-on-exec and shares the open file.</summary>
    /// <param name="minimumDescriptor">The lowest number the copy may take (e.g. 1024 to pass FD_SETSIZE).</param>
    /// <returns>The new descriptor number, which the caller must own (wrap it in a handle at once).</returns>
    protected int DuplicateDescriptor(int minimumDescriptor)
    {
        using DescriptorLease lease = new(this);
        return Fcntl(lease.Descriptor, Libc.F_DUPFD_CLOEXEC, minimumDescriptor, "fcntl(F_DUPFD_CLOEXEC)");
    }

    /// <summary>Duplicates the descriptor (<c>fcntl(F_DUPFD_CLOEXEC)</c>) into a new owning handle.</summary>
    /// <param name="minimumDescriptor">The lowest number the copy may take.</param>
    public FileDescriptorHandle Duplicate(int minimumDescriptor = 0)
    {
        FileDescriptorHandle copy = new();
        copy.SetDescriptor(DuplicateDescriptor(minimumDescriptor));
        return copy;
    }

    private int StatusFlags()
    {
        using DescriptorLease lease = new(this);
        return Fcntl(lease.Descriptor, Libc.F_GETFL, 0, "fcntl(F_GETFL)");
    }

    private static int Fcntl(int fd, int command, int argument, string call)
        => (int)SystemCalls.ThrowIfFailed(SystemCalls.Fcntl(fd, command, argument), call);
}
