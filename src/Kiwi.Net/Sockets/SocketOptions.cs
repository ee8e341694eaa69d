using System;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// The typed socket options of one <see cref="LinuxSocket"/> (<c>getsockopt(2)</c>/<c>setsockopt(2)</c>), reached
/// through <see cref="LinuxSocket.Options"/>; <see cref="GetInt32"/>/<see cref="SetInt32"/> and
/// <see cref="Get"/>/<see cref="Set"/> reach any other option by level and name.
/// </summary>
public sealed partial class SocketOptions
{
    private readonly SocketHandle _handle;

    internal SocketOptions(SocketHandle handle) => _handle = handle;

    /// <summary><c>SO_REUSEADDR</c>: bind a port whose old connections are still in <c>TIME_WAIT</c>.</summary>
    public bool ReuseAddress
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_REUSEADDR) != 0;
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_REUSEADDR, value ? 1 : 0);
    }

    /// <summary><c>SO_REUSEPORT</c>: several sockets of this user may bind the same port; the kernel spreads
    /// connections among them.</summary>
    public bool ReusePort
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_REUSEPORT) != 0;
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_REUSEPORT, value ? 1 : 0);
    }

    /// <summary><c>TCP_NODELAY</c>: send small segments at once (Nagle's algorithm off).</summary>
    public bool NoDelay
    {
        get => GetInt32(Libc.IPPROTO_TCP, Libc.TCP_NODELAY) != 0;
        set => SetInt32(Libc.IPPROTO_TCP, Libc.TCP_NODELAY, value ? 1 : 0);
    }

    /// <summary><c>SO_KEEPALIVE</c>: probe an idle connection.</summary>
    public bool KeepAlive
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_KEEPALIVE) != 0;
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_KEEPALIVE, value ? 1 : 0);
    }

    /// <summary><c>TCP_KEEPIDLE</c>: seconds of idleness before the first keep-alive probe.</summary>
    public int KeepAliveIdleSeconds
    {
        get => GetInt32(Libc.IPPROTO_TCP, Libc.TCP_KEEPIDLE);
        set => SetInt32(Libc.IPPROTO_TCP, Libc.TCP_KEEPIDLE, value);
    }

    /// <summary><c>TCP_KEEPINTVL</c>: seconds between keep-alive probes.</summary>
    public int KeepAliveIntervalSeconds
    {
        get => GetInt32(Libc.IPPROTO_TCP, Libc.TCP_KEEPINTVL);
        set => SetInt32(Libc.IPPROTO_TCP, Libc.TCP_KEEPINTVL, value);
    }

    /// <summary><c>TCP_KEEPCNT</c>: unanswered probes before the connection is dropped.</summary>
    public int KeepAliveCount
    {
        get => GetInt32(Libc.IPPROTO_TCP, Libc.TCP_KEEPCNT);
        set => SetInt32(Libc.IPPROTO_TCP, Libc.TCP_KEEPCNT, value);
    }

    /// <summary><c>SO_LINGER</c> (<c>struct linger</c>).</summary>
    public unsafe SocketLinger Linger
    {
        get
        {
            linger value = default;
            Get(Libc.SOL_SOCKET, Libc.SO_LINGER, new Span<byte>(&value, sizeof(linger)));
            return new SocketLinger(value.l_onoff != 0, value.l_linger);
        }
        set
        {
            if (value.Seconds < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value.Seconds, "setsockopt(SO_LINGER): the linger time cannot be negative.");
            }
            linger native = new() { l_onoff = value.Enabled ? 1 : 0, l_linger = value.Seconds };
            Set(Libc.SOL_SOCKET, Libc.SO_LINGER, new ReadOnlySpan<byte>(&native, sizeof(linger)));
        }
    }

    /// <summary><c>SO_RCVBUF</c>: the receive buffer in bytes (Linux doubles what is set, and reports the doubled size).</summary>
    public int ReceiveBufferSize
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_RCVBUF);
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_RCVBUF, NonNegative(value, "setsockopt(SO_RCVBUF)"));
    }

    /// <summary><c>SO_SNDBUF</c>: the send buffer in bytes (Linux doubles what is set, and reports the doubled size).</summary>
    public int SendBufferSize
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_SNDBUF);
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_SNDBUF, NonNegative(value, "setsockopt(SO_SNDBUF)"));
    }

    /// <summary><c>SO_RCVTIMEO</c>: how long a blocking receive (or accept) waits before it fails with a
    /// <see cref="TimeoutException"/>; <see cref="TimeSpan.Zero"/> (the default) waits forever. <see cref="LinuxSocket"/>'s
    /// blocking calls honour it on blocking and non-blocking sockets alike.</summary>
    public TimeSpan ReceiveTimeout
    {
        get => GetTimeout(Libc.SO_RCVTIMEO);
        set => SetTimeout(Libc.SO_RCVTIMEO, "setsockopt(SO_RCVTIMEO)", value);
    }

    /// <summary><c>SO_SNDTIMEO</c>: how long a blocking send (or connect) waits before it fails with a
    /// <see cref="TimeoutException"/>; <see cref="TimeSpan.Zero"/> (the default) waits forever.</summary>
    public TimeSpan SendTimeout
    {
        get => GetTimeout(Libc.SO_SNDTIMEO);
        set => SetTimeout(Libc.SO_SNDTIMEO, "setsockopt(SO_SNDTIMEO)", value);
    }

    /// <summary><c>SO_OOBINLINE</c>: the urgent byte stays in the normal stream instead of needing <c>MSG_OOB</c>.</summary>
    public bool OutOfBandInline
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_OOBINLINE) != 0;
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_OOBINLINE, value ? 1 : 0);
    }

    /// <summary><c>IPV6_V6ONLY</c>: an IPv6 socket refuses IPv4-mapped traffic.</summary>
    public bool IPv6Only
    {
        get => GetInt32(Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY) != 0;
        set => SetInt32(Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, value ? 1 : 0);
    }

    /// <summary><c>SO_PASSCRED</c>: <c>recvmsg</c> on this Unix socket delivers the sender's <c>SCM_CREDENTIALS</c>.</summary>
    public bool PassCredentials
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_PASSCRED) != 0;
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_PASSCRED, value ? 1 : 0);
    }

    /// <summary><c>SO_PEERCRED</c>: the credentials of the process at the other end of a connected Unix socket.</summary>
    /// <exception cref="InvalidOperationException">The socket has no peer credentials (not a connected
    /// <c>AF_UNIX</c> socket): the kernel answers pid 0 and uid/gid -1 then, which are refused rather than returned.</exception>
    public unsafe UnixCredentials PeerCredentials
    {
        get
        {
            ucred value = default;
            Get(Libc.SOL_SOCKET, Libc.SO_PEERCRED, new Span<byte>(&value, sizeof(ucred)));
            if (value.pid == 0 && value.uid == uint.MaxValue && value.gid == uint.MaxValue)
            {
                throw new InvalidOperationException(
                    $"getsockopt(SO_PEERCRED): the socket ({Domain}) has no peer credentials; only a connected AF_UNIX socket has them.");
            }
            return UnixCredentials.FromNative(value);
        }
    }

    /// <summary><c>SO_ERROR</c>: reads and clears the pending error (0 when none); how a non-blocking connect
    /// reports its outcome.</summary>
    public int PendingError => GetInt32(Libc.SOL_SOCKET, Libc.SO_ERROR);

    /// <summary><c>SO_DOMAIN</c>: the address family the socket was created with.</summary>
    public SocketDomain Domain => (SocketDomain)GetInt32(Libc.SOL_SOCKET, Libc.SO_DOMAIN);

    /// <summary><c>SO_TYPE</c>: the socket's kind.</summary>
    public SocketKind Kind => (SocketKind)GetInt32(Libc.SOL_SOCKET, Libc.SO_TYPE);

    /// <summary><c>SO_ACCEPTCONN</c>: whether the socket is listening.</summary>
    public bool IsListening => GetInt32(Libc.SOL_SOCKET, Libc.SO_ACCEPTCONN) != 0;

    /// <summary><c>SO_BINDTODEVICE</c>: only packets of this interface are received and sent; null or empty unbinds.
    /// Reading it gives the bound interface's name, or the empty string.</summary>
    public unsafe string? BindToDevice
    {
        get
        {
            byte* name = stackalloc byte[Libc.IF_NAMESIZE];
            int length = Get(Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, new Span<byte>(name, Libc.IF_NAMESIZE));
            return System.Text.Encoding.UTF8.GetString(new ReadOnlySpan<byte>(name, length).TrimEnd((byte)0));
        }
        set
        {
            string name = value ?? "";
            if (System.Text.Encoding.UTF8.GetByteCount(name) >= Libc.IF_NAMESIZE)
            {
                throw new ArgumentException($"An interface name has at most {Libc.IF_NAMESIZE - 1} bytes; '{name}' has more.", nameof(value));
            }
            Span<byte> bytes = stackalloc byte[Libc.IF_NAMESIZE];
            bytes.Clear();
            int written = System.Text.Encoding.UTF8.GetBytes(name, bytes);
            Set(Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, bytes[..(written + 1)]);
        }
    }

    /// <summary><c>SO_MARK</c>: the firewall mark of the socket's packets (policy routing, netfilter). Setting it needs
    /// <c>CAP_NET_ADMIN</c>; without it the setter throws <see cref="ErrnoException"/> with <c>EPERM</c>.</summary>
    public uint Mark
    {
        get => (uint)GetInt32(Libc.SOL_SOCKET, Libc.SO_MARK);
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_MARK, (int)value);
    }

    /// <summary><c>SO_BUSY_POLL</c>: microseconds a blocking receive busy-polls the device queue before sleeping (0: off).
    /// Raising it above <c>net.core.busy_read</c>'s limit needs <c>CAP_NET_ADMIN</c>.</summary>
    public int BusyPollMicroseconds
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_BUSY_POLL);
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_BUSY_POLL, value);
    }

    /// <summary><c>SO_INCOMING_CPU</c>: the CPU that handled the socket's last received packet (-1 before any); setting
    /// it on a <c>SO_REUSEPORT</c> listener steers connections handled by that CPU to it.</summary>
    public int IncomingCpu
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_INCOMING_CPU);
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_INCOMING_CPU, value);
    }

    /// <summary><c>SO_RCVLOWAT</c>: bytes that must be queued before the socket reads as readable and a blocking
    /// receive returns (default 1).</summary>
    public int ReceiveLowWatermark
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_RCVLOWAT);
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_RCVLOWAT, value);
    }

    /// <summary><c>SO_TIMESTAMPNS</c>: every received message carries the kernel's receive time
    /// (<see cref="ReceivedMessage.Timestamp"/>, <see cref="DatagramBatch.TryGetTimestamp"/>).</summary>
    public bool ReceiveTimestamps
    {
        get => GetInt32(Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS) != 0;
        set => SetInt32(Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, value ? 1 : 0);
    }

    /// <summary>Reads an <c>int</c> option with <c>getsockopt(2)</c>.</summary>
    /// <param name="level"><c>SOL_SOCKET</c>, <c>IPPROTO_TCP</c>, ...</param>
    /// <param name="name">The option, e.g. <c>SO_RCVBUF</c>.</param>
    public unsafe int GetInt32(int level, int name)
    {
        int value = 0;
        Get(level, name, new Span<byte>(&value, sizeof(int)));
        return value;
    }

    /// <summary>Sets an <c>int</c> option with <c>setsockopt(2)</c>.</summary>
    /// <param name="level"><c>SOL_SOCKET</c>, <c>IPPROTO_TCP</c>, ...</param>
    /// <param name="name">The option, e.g. <c>SO_RCVBUF</c>.</param>
    /// <param name="value">The new value.</param>
    public unsafe void SetInt32(int level, int name, int value) => Set(level, name, new ReadOnlySpan<byte>(&value, sizeof(int)));

    /// <summary>Reads any option with <c>getsockopt(2)</c> into <paramref name="value"/>.</summary>
    /// <param name="level">The option's level.</param>
    /// <param name="name">The option.</param>
    /// <param name="value">Where the kernel writes the value.</param>
    /// <returns>The length the kernel wrote.</returns>
    public unsafe int Get(int level, int name, Span<byte> value)
    {
        using DescriptorLease lease = new(_handle);
        uint length = (uint)value.Length;
        fixed (byte* p = value)
        {
            SystemCalls.ThrowIfFailed(SystemCalls.GetSockOpt(lease.Descriptor, level, name, p, &length), "getsockopt");
        }
        return (int)length;
    }

    /// <summary>Sets any option with <c>setsockopt(2)</c>.</summary>
    /// <param name="level">The option's level.</param>
    /// <param name="name">The option.</param>
    /// <param name="value">The value's bytes.</param>
    public unsafe void Set(int level, int name, ReadOnlySpan<byte> value)
    {
        using DescriptorLease lease = new(_handle);
        fixed (byte* p = value)
        {
            SystemCalls.ThrowIfFailed(SystemCalls.SetSockOpt(lease.Descriptor, level, name, p, (uint)value.Length), "setsockopt");
        }
    }

    private static int NonNegative(int value, string call) => value >= 0 ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"{call}: the size cannot be negative.");

    private TimeSpan GetTimeout(int name)
    {
        Span<long> timeval = stackalloc long[2];
        Get(Libc.SOL_SOCKET, name, System.Runtime.InteropServices.MemoryMarshal.AsBytes(timeval));
        return TimeSpan.FromTicks(timeval[0] * TimeSpan.TicksPerSecond + timeval[1] * TimeSpan.TicksPerMicrosecond);
    }

    private void SetTimeout(int name, string call, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{call}: the timeout cannot be negative (TimeSpan.Zero means none).");
        }
        // struct timeval: seconds and microseconds, both 64-bit on the 64-bit ABIs Kiwi runs on.
        Span<long> timeval = stackalloc long[2];
        timeval[0] = value.Ticks / TimeSpan.TicksPerSecond;
        timeval[1] = value.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond;
        if (timeval[0] == 0 && timeval[1] == 0 && value > TimeSpan.Zero)
        {
            // Below a microsecond: round up, since 0 would mean "no timeout".
            timeval[1] = 1;
        }
        Set(Libc.SOL_SOCKET, name, System.Runtime.InteropServices.MemoryMarshal.AsBytes((ReadOnlySpan<long>)timeval));
    }
}
