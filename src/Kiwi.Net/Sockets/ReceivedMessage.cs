using System;
using System.Collections.Generic;
using System.Net;

namespace Kiwi.Net;

/// <summary>What <see cref="LinuxSocket.ReceiveMessage"/> (<c>recvmsg(2)</c>) got besides the bytes: descriptors
/// passed with <c>SCM_RIGHTS</c>, the sender's <c>SCM_CREDENTIALS</c>, the returned flags and the sender's address.</summary>
public sealed class ReceivedMessage
{
    internal ReceivedMessage(int bytesReceived, MessageFlags flags, IReadOnlyList<FileDescriptorHandle> descriptors,
        UnixCredentials? credentials, EndPoint? remoteEndPoint)
    {
        BytesReceived = bytesReceived;
        Flags = flags;
        Descriptors = descriptors;
        Credentials = credentials;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>Bytes written into the buffer; 0 when the peer shut down.</summary>
    public int BytesReceived { get; }

    /// <summary>The <c>msg_flags</c> the kernel returned (<see cref="MessageFlags.Truncated"/>,
    /// <see cref="MessageFlags.ControlTruncated"/>, <see cref="MessageFlags.OutOfBand"/>, ...).</summary>
    public MessageFlags Flags { get; }

    /// <summary>Descriptors received with <c>SCM_RIGHTS</c>, each already owned by a handle (close-on-exec); the
    /// caller disposes them. Empty when none came.</summary>
    public IReadOnlyList<FileDescriptorHandle> Descriptors { get; }

    /// <summary>The sender's <c>SCM_CREDENTIALS</c>, present when the receiver enabled
    /// <see cref="SocketOptions.PassCredentials"/>.</summary>
    public UnixCredentials? Credentials { get; }

    /// <summary>The sender's address (<c>msg_name</c>), or null on a connected socket or for an unnamed sender.</summary>
    public EndPoint? RemoteEndPoint { get; }

    internal static readonly IReadOnlyList<FileDescriptorHandle> NoDescriptors = Array.Empty<FileDescriptorHandle>();
}
