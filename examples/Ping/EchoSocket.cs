using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Examples.Ping;

/// <summary>
/// An ICMP (IPv4) or ICMPv6 socket that sends echo requests to one host and picks out their replies. A datagram
/// ("ping") socket needs no privilege: the kernel sets the identifier, computes the checksum and delivers only this
/// socket's replies, without the IP header. A raw socket sees every ICMP message the host receives (IPv4: with the IP
/// header), so replies are matched by identifier and sequence, and an IPv4 checksum is this program's to compute.
/// </summary>
public sealed class EchoSocket : IDisposable
{
    /// <summary>Bytes after the 8-byte echo header, as ping(8) sends by default.</summary>
    public const int PayloadSize = 56;

    private const int EchoHeaderSize = 8;
    private readonly LinuxSocket _socket;
    private readonly IPEndPoint _destination;
    private readonly bool _inet6;
    private readonly ushort _identifier;
    private readonly byte[] _buffer = new byte[64 * 1024];

    private EchoSocket(LinuxSocket socket, IPAddress address, bool isRaw)
    {
        _socket = socket;
        _destination = new IPEndPoint(address, 0);
        _inet6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        IsRaw = isRaw;
        // A datagram socket's identifier is its local "port", which the kernel writes into every request.
        _identifier = isRaw ? (ushort)Environment.ProcessId : (ushort)0;
        _socket.Options.ReceiveTimeToLive = true;
    }

    /// <summary>Whether this is a raw socket (the datagram kind was not allowed).</summary>
    public bool IsRaw { get; }

    /// <summary>Opens an ICMP datagram socket for <paramref name="address"/>'s family, or a raw one when the datagram
    /// kind is refused (<c>EACCES</c>: this group is outside <c>net.ipv4.ping_group_range</c>).</summary>
    /// <exception cref="ErrnoException">Neither kind is allowed (the raw one fails with <c>EPERM</c>).</exception>
    public static EchoSocket Open(IPAddress address)
    {
        bool inet6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        SocketDomain domain = SocketDomains.Of(address);
        int protocol = inet6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP;
        try
        {
            return new EchoSocket(LinuxSocket.Create(domain, SocketKind.Datagram, protocol: protocol), address, isRaw: false);
        }
        catch (ErrnoException e) when (e.Errno is Libc.EACCES or Libc.EPERM)
        {
            return new EchoSocket(LinuxSocket.Create(domain, SocketKind.Raw, protocol: protocol), address, isRaw: true);
        }
    }

    /// <summary>Sends echo request <paramref name="sequence"/>.</summary>
    /// <returns>When it was sent (<see cref="Stopwatch.GetTimestamp"/>).</returns>
    public long Send(ushort sequence)
    {
        Span<byte> packet = _buffer.AsSpan(0, EchoHeaderSize + PayloadSize);
        // ICMPv6's echo request has the same eight header bytes as ICMP's: type, code, checksum, identifier, sequence.
        ref icmphdr header = ref MemoryMarshal.AsRef<icmphdr>(packet);
        header = default;
        header.type = (byte)(_inet6 ? Libc.ICMP6_ECHO_REQUEST : Libc.ICMP_ECHO);
        header.un.echo.id = NetworkOrder(_identifier);
        header.un.echo.sequence = NetworkOrder(sequence);
        Pattern.CopyTo(packet[EchoHeaderSize..]);
        if (!_inet6)
        {
            // The kernel computes ICMPv6 checksums itself, and an ICMP datagram socket's; a raw ICMP one sends ours.
            header.checksum = InternetChecksum.Compute(packet);
        }
        long sentAt = Stopwatch.GetTimestamp();
        _socket.SendTo(packet, _destination);
        return sentAt;
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the reply to request <paramref name="sequence"/>,
    /// skipping any other ICMP message a raw socket sees (including this host's own requests on loopback).</summary>
    public bool TryReceiveReply(ushort sequence, TimeSpan timeout, out EchoReply reply)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        int fd = _socket.Handle.DangerousGetDescriptor();
        while (true)
        {
            int remainingMs = (int)Math.Ceiling(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline).TotalMilliseconds);
            if (remainingMs <= 0 || RawDescriptor.WaitFor(fd, PollEvents.In, remainingMs) == PollEvents.None)
            {
                reply = default;
                return false;
            }
            ReceivedMessage message = _socket.ReceiveMessage(_buffer, maxDescriptors: 0);
            long receivedAt = Stopwatch.GetTimestamp();
            ReadOnlySpan<byte> packet = _buffer.AsSpan(0, message.BytesReceived);
            int? ttl = message.TimeToLive;
            if (IsRaw && !_inet6)
            {
                // A raw IPv4 socket receives the IP header too: its length is IHL words, the TTL its ninth byte.
                int headerLength = (packet[0] & 0x0F) * 4;
                ttl = packet[8];
                packet = packet[headerLength..];
            }
            if (IsReplyTo(packet, sequence))
            {
                reply = new EchoReply(packet.Length, ttl, receivedAt);
                return true;
            }
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    private bool IsReplyTo(ReadOnlySpan<byte> packet, ushort sequence)
    {
        if (packet.Length < EchoHeaderSize + PayloadSize)
        {
            return false;
        }
        icmphdr header = MemoryMarshal.Read<icmphdr>(packet);
        int replyType = _inet6 ? Libc.ICMP6_ECHO_REPLY : Libc.ICMP_ECHOREPLY;
        bool ours = !IsRaw || NetworkOrder(header.un.echo.id) == _identifier;
        return header.type == replyType && ours && NetworkOrder(header.un.echo.sequence) == sequence
            && packet.Slice(EchoHeaderSize, PayloadSize).SequenceEqual(Pattern);
    }

    private static readonly byte[] Pattern = CreatePattern();

    private static byte[] CreatePattern()
    {
        byte[] pattern = new byte[PayloadSize];
        for (int i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (byte)i;
        }
        return pattern;
    }

    /// <summary>Converts between host and network (big-endian) order; the conversion is its own inverse.</summary>
    private static ushort NetworkOrder(ushort value) =>
        BitConverter.IsLittleEndian ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value) : value;
}
