using System.Collections.Generic;

namespace Kiwi.Net;

/// <summary>The typed values <see cref="ControlMessages.Read"/> found in one message's ancillary data.</summary>
internal struct ReceivedControl
{
    public List<FileDescriptorHandle>? Descriptors;
    public UnixCredentials? Credentials;
    public SocketTimestamp? Timestamp;
    public PacketInfo? PacketInfo;
    public int? TypeOfService;
    public int? TimeToLive;
    public SocketExtendedError? ExtendedError;
    public int? SegmentSize;
}
