using DotNetty.Transport.Channels;

namespace Kiwi.Bench.Peers.DotNettyEcho;

/// <summary>
/// DotNetty's own echo handler: every read buffer is written back as it came, and the writes of one read are flushed
/// together when the read completes (Netty's write + flush at channelReadComplete).
/// </summary>
internal sealed class EchoHandler : ChannelHandlerAdapter
{
    /// <summary>One instance serves every connection: it keeps no per-connection state.</summary>
    public override bool IsSharable => true;

    /// <summary>Queues the received buffer for writing; the pipeline releases it once written.</summary>
    public override void ChannelRead(IChannelHandlerContext context, object message) => context.WriteAsync(message);

    /// <summary>Writes what the reads of this event queued, in one flush.</summary>
    public override void ChannelReadComplete(IChannelHandlerContext context) => context.Flush();

    /// <summary>A reset or the end of the run closes the connection; nothing to report per connection.</summary>
    public override void ExceptionCaught(IChannelHandlerContext context, System.Exception exception) => context.CloseAsync();
}
