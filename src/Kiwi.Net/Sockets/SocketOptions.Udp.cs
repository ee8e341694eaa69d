using Kiwi.Interop;

namespace Kiwi.Net;

public sealed partial class SocketOptions
{
    /// <summary><c>UDP_SEGMENT</c> (generic segmentation offload): a send of more than this many bytes is cut by the
    /// kernel into datagrams of this size (the last may be shorter); 0 turns it off. Linux 4.18 and later.</summary>
    public int UdpSegmentSize
    {
        get => GetInt32(Libc.SOL_UDP, Libc.UDP_SEGMENT);
        set => SetInt32(Libc.SOL_UDP, Libc.UDP_SEGMENT, value);
    }

    /// <summary><c>UDP_GRO</c> (generic receive offload): the kernel may hand several datagrams of one flow to one
    /// receive as a single buffer; the message then carries the segment size
    /// (<see cref="ReceivedMessage.SegmentSize"/>, <see cref="DatagramBatch.SegmentSizeOf"/>). Linux 5.0 and later.</summary>
    public bool UdpGroReceive
    {
        get => GetInt32(Libc.SOL_UDP, Libc.UDP_GRO) != 0;
        set => SetInt32(Libc.SOL_UDP, Libc.UDP_GRO, value ? 1 : 0);
    }
}
