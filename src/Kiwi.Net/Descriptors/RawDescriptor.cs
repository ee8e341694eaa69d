using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

/// <summary>
/// The zero-overhead path: the hot calls on a raw descriptor number, through the shim's functions that return
/// <c>-errno</c> (no <c>SetLastError</c>, no <see cref="SafeHandle"/> reference count, no allocation, no exception).
/// </summary>
/// <remarks>
/// <para><b>Result convention.</b> Every method returns what the C call returns on success (a count or a new
/// descriptor, ≥ 0) and <c>-errno</c> on failure, exactly as the kernel does. <c>EINTR</c> never comes back (the
/// shim retries it); <c>EAGAIN</c> comes back as <c>-Libc.EAGAIN</c> (test it with <see cref="IsWouldBlock"/>); anything else is the
/// caller's to handle (<see cref="ThrowIfError(nint, string)"/> turns it into an <see cref="ErrnoException"/>).</para>
/// <para><b>Why it exists.</b> The safe instance methods (<see cref="FileDescriptorHandle.TryRead"/>,
/// <see cref="LinuxSocket.TryReceive"/>, ...) take and release a reference on the handle around every call, an
/// interlocked increment and decrement that cost more than the 2 ns this path may add to a raw P/Invoke. A Reactor
/// that owns its descriptors and closes them only on its own thread does not need that protection per call.</para>
/// <para><b>The caller's duty.</b> The descriptor must stay open for the whole call: read it once with
/// <see cref="FileDescriptorHandle.DangerousGetDescriptor"/> and close the handle only from the thread that makes
/// these calls (or after it stops), otherwise the number may be reused by another open under the call.</para>
/// </remarks>
public static unsafe class RawDescriptor
{
    /// <summary>True when a result is <c>-EAGAIN</c> (<c>-EWOULDBLOCK</c>): a non-blocking descriptor had nothing ready.</summary>
    /// <param name="result">A result of one of this class's methods.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWouldBlock(nint result) => SystemCalls.IsWouldBlock(result);

    /// <summary>Returns <paramref name="result"/> when it is not an error, throws <see cref="ErrnoException"/>
    /// naming <paramref name="call"/> when it is <c>-errno</c>. Use after <see cref="IsWouldBlock"/>.</summary>
    /// <param name="result">A result of one of this class's methods.</param>
    /// <param name="call">The C function, for the exception.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint ThrowIfError(nint result, string call) => SystemCalls.ThrowIfFailed(result, call);

    /// <summary><c>read(2)</c> into <paramref name="buffer"/>: bytes read (0 at end of file) or <c>-errno</c>.</summary>
    /// <param name="fd">An open descriptor the caller keeps open for the call.</param>
    /// <param name="buffer">Where the bytes go.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return SystemCalls.Read(fd, p, (nuint)buffer.Length);
        }
    }

    /// <summary><c>write(2)</c> from <paramref name="buffer"/>: bytes written or <c>-errno</c>.</summary>
    /// <param name="fd">An open descriptor the caller keeps open for the call.</param>
    /// <param name="buffer">The bytes to write.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Write(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return SystemCalls.Write(fd, p, (nuint)buffer.Length);
        }
    }

    /// <summary><c>recv(2)</c> into <paramref name="buffer"/>: bytes received (0 when the peer shut down) or <c>-errno</c>.</summary>
    /// <param name="fd">An open socket the caller keeps open for the call.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Receive(int fd, Span<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        fixed (byte* p = buffer)
        {
            return SystemCalls.Recv(fd, p, (nuint)buffer.Length, (int)flags);
        }
    }

    /// <summary><c>send(2)</c> from <paramref name="buffer"/>: bytes sent or <c>-errno</c>.</summary>
    /// <param name="fd">An open socket the caller keeps open for the call.</param>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Send(int fd, ReadOnlySpan<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        fixed (byte* p = buffer)
        {
            return SystemCalls.Send(fd, p, (nuint)buffer.Length, (int)flags);
        }
    }

    /// <summary><c>readv(2)</c> into the buffers <paramref name="vectors"/> describe (pinned by the caller):
    /// bytes read or <c>-errno</c>.</summary>
    /// <param name="fd">An open descriptor the caller keeps open for the call.</param>
    /// <param name="vectors">Base and length of each buffer; the memory must stay pinned for the call.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint ReadVector(int fd, ReadOnlySpan<iovec> vectors)
    {
        fixed (iovec* v = vectors)
        {
            return SystemCalls.ReadV(fd, v, vectors.Length);
        }
    }

    /// <summary><c>writev(2)</c> from the buffers <paramref name="vectors"/> describe (pinned by the caller):
    /// bytes written or <c>-errno</c>.</summary>
    /// <param name="fd">An open descriptor the caller keeps open for the call.</param>
    /// <param name="vectors">Base and length of each buffer; the memory must stay pinned for the call.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint WriteVector(int fd, ReadOnlySpan<iovec> vectors)
    {
        fixed (iovec* v = vectors)
        {
            return SystemCalls.WriteV(fd, v, vectors.Length);
        }
    }

    /// <summary><c>accept4(2)</c> without the peer's address: the new descriptor (which the caller must own, e.g.
    /// with <see cref="SocketHandle"/>) or <c>-errno</c>.</summary>
    /// <param name="fd">A listening socket the caller keeps open for the call.</param>
    /// <param name="flags"><c>SOCK_NONBLOCK</c>/<c>SOCK_CLOEXEC</c> for the new descriptor.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Accept(int fd, SocketCreationFlags flags = SocketCreationFlags.CloseOnExec)
        => SystemCalls.Accept4(fd, null, null, (int)flags);

    /// <summary><c>recvmmsg(2)</c> into the messages (buffers pinned by the caller): the number of datagrams received
    /// or <c>-errno</c>. Each message's <c>msg_len</c> is set to the bytes it got.</summary>
    /// <param name="fd">An open socket the caller keeps open for the call.</param>
    /// <param name="messages">The headers; their <c>msg_hdr</c> buffers, addresses and control space must stay pinned.</param>
    /// <param name="flags"><c>MSG_*</c> flags; <see cref="MessageFlags.WaitForOne"/> returns once one datagram came.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReceiveMessages(int fd, Span<mmsghdr> messages, MessageFlags flags = MessageFlags.WaitForOne)
    {
        fixed (mmsghdr* m = messages)
        {
            return SystemCalls.RecvMMsg(fd, m, (uint)messages.Length, (int)flags);
        }
    }

    /// <summary><c>sendmmsg(2)</c> of the messages (buffers pinned by the caller): the number of datagrams sent (from
    /// the first; fewer than offered when the socket filled) or <c>-errno</c>.</summary>
    /// <param name="fd">An open socket the caller keeps open for the call.</param>
    /// <param name="messages">The headers; their buffers and addresses must stay pinned.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SendMessages(int fd, Span<mmsghdr> messages, MessageFlags flags = MessageFlags.None)
    {
        fixed (mmsghdr* m = messages)
        {
            return SystemCalls.SendMMsg(fd, m, (uint)messages.Length, (int)flags);
        }
    }

    /// <summary><c>epoll_wait(2)</c> into <paramref name="events"/>: the number of events written (0 on timeout)
    /// or <c>-errno</c> (through the shim's <c>kiwi_epoll_wait</c>, which resumes an interrupted wait for the time that remains).</summary>
    /// <param name="epfd">An epoll descriptor the caller keeps open for the call.</param>
    /// <param name="events">Where the kernel writes ready events; its length is <c>maxevents</c> (at least 1).</param>
    /// <param name="timeoutMs">Milliseconds to wait; -1 waits forever, 0 returns at once.</param>
    public static int EpollWait(int epfd, Span<EpollEvent> events, int timeoutMs)
    {
        fixed (EpollEvent* e = events)
        {
            return SystemCalls.EpollWait(epfd, (epoll_event*)e, events.Length, timeoutMs);
        }
    }

    /// <summary>Waits with <c>poll(2)</c> until <paramref name="fd"/> reports one of <paramref name="events"/> (or an
    /// error/hang-up): what the blocking convenience methods do when a non-blocking descriptor says <c>EAGAIN</c>.</summary>
    /// <param name="fd">An open descriptor the caller keeps open for the call.</param>
    /// <param name="events">What to wait for (<see cref="PollEvents.In"/>, <see cref="PollEvents.Out"/>, ...).</param>
    /// <param name="timeoutMs">Milliseconds to wait; -1 waits forever.</param>
    /// <remarks>A raw number has no owner to be disposed: nothing ends this wait but readiness or the timeout.
    /// <see cref="FileDescriptorHandle.WaitFor"/> is the wait that Dispose ends.</remarks>
    /// <returns>The returned events, or <see cref="PollEvents.None"/> on timeout.</returns>
    public static PollEvents WaitFor(int fd, PollEvents events, int timeoutMs = -1)
    {
        pollfd entry = new() { fd = fd, events = (short)events };
        return SystemCalls.ThrowIfFailed(SystemCalls.Poll(&entry, 1, timeoutMs), "poll") == 0 ? PollEvents.None : (PollEvents)entry.revents;
    }
}
