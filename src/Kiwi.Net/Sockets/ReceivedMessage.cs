using System;
using System.Collections.Generic;
using System.Net;

namespace Kiwi.Net;

/// <summary>What <see cref="LinuxSocket.ReceiveMessage"/> (<c>recvmsg(2)</c>) got besides the bytes: the returned
/// flags, the sender's address and the ancillary data as typed values (descriptors passed with <c>SCM_RIGHTS</c>,
/// <c>SCM_CREDENTIALS</c>, the receive timestamp, packet info, TOS/TTL, a queued error, a GRO segment size).</summary>
public sealed class ReceivedMessage
{
    internal ReceivedMessage(int bytesReceived, MessageFlags flags, in ReceivedControl control, EndPoint? remoteEndPoint)
    {
        BytesReceived = bytesReceived;
        Flags = flags;
        Descriptors = control.Descriptors is null ? NoDescriptors : control.Descriptors;
        Credentials = control.Credentials;
        Timestamp = control.Timestamp;
        PacketInfo = control.PacketInfo;
        TypeOfService = control.TypeOfService;
        TimeToLive = control.TimeToLive;
        ExtendedError = control.ExtendedError;
        SegmentSize = control.SegmentSize;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>Bytes written into the buffer; 0 when the peer shut down.</summary>
    public int BytesReceived { get; }

    /// <summary>The <c>msg_flags</c> the kernel returned (<see cref="MessageFlags.Truncated"/>,
    /// <see cref="MessageFlags.ControlTruncated"/>, <see cref="MessageFlags.OutOfBand"/>,
    /// <see cref="MessageFlags.ErrorQueue"/>, ...). <c>MSG_CMSG_CLOEXEC</c>, which the library passes itself, is not
    /// reported.</summary>
    public MessageFlags Flags { get; }

    /// <summary>Descriptors received with <c>SCM_RIGHTS</c>, each already owned by a handle (close-on-exec); the
    /// caller disposes them. Empty when none came.</summary>
    public IReadOnlyList<FileDescriptorHandle> Descriptors { get; }

    /// <summary>The sender's <c>SCM_CREDENTIALS</c>, present when the receiver enabled
    /// <see cref="SocketOptions.PassCredentials"/>.</summary>
    public UnixCredentials? Credentials { get; }

    /// <summary>The kernel's receive time (<c>SCM_TIMESTAMPNS</c>), present when
    /// <see cref="SocketOptions.ReceiveTimestamps"/> is on.</summary>
    public SocketTimestamp? Timestamp { get; }

    /// <summary>The destination address and arrival interface (<c>IP_PKTINFO</c>/<c>IPV6_PKTINFO</c>), present when
    /// <see cref="SocketOptions.ReceivePacketInfo"/> is on.</summary>
    public PacketInfo? PacketInfo { get; }

    /// <summary>The type-of-service / traffic-class byte (<c>IP_TOS</c>/<c>IPV6_TCLASS</c>), present when
    /// <see cref="SocketOptions.ReceiveTypeOfService"/> is on.</summary>
    public int? TypeOfService { get; }

    /// <summary>The hop limit the datagram arrived with (<c>IP_TTL</c>/<c>IPV6_HOPLIMIT</c>), present when
    /// <see cref="SocketOptions.ReceiveTimeToLive"/> is on.</summary>
    public int? TimeToLive { get; }

    /// <summary>The queued error (<c>IP_RECVERR</c>/<c>IPV6_RECVERR</c>), present when reading with
    /// <see cref="MessageFlags.ErrorQueue"/> after <see cref="SocketOptions.ReceiveErrors"/> was turned on.</summary>
    public SocketExtendedError? ExtendedError { get; }

    /// <summary>The size of each datagram coalesced into this buffer (<c>UDP_GRO</c>), present when
    /// <see cref="SocketOptions.UdpGroReceive"/> is on and the kernel merged datagrams.</summary>
    public int? SegmentSize { get; }

    /// <summary>The sender's address (<c>msg_name</c>), or null on a connected socket or for an unnamed sender.</summary>
    public EndPoint? RemoteEndPoint { get; }

    private static readonly IReadOnlyList<FileDescriptorHandle> NoDescriptors = Array.Empty<FileDescriptorHandle>();
}
