using System.Threading;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Examples.UdpEcho;

/// <summary>
/// Echoes datagrams with one <c>recvmmsg</c> and one <c>sendmmsg</c> per batch: the slots a receive fills keep each
/// sender's address, so sending the same batch answers every sender. Waits with <c>poll</c> between batches.
/// </summary>
public sealed class BatchEchoServer
{
    /// <summary>How long one wait lasts before the stop token is looked at again.</summary>
    private const int WaitMs = 100;

    private readonly LinuxSocket _socket;
    private readonly DatagramBatch _batch;

    /// <summary>A server on a bound, non-blocking UDP socket.</summary>
    /// <param name="socket">The socket; the caller disposes it.</param>
    /// <param name="batch">The slots each receive fills; the caller disposes it.</param>
    public BatchEchoServer(LinuxSocket socket, DatagramBatch batch)
    {
        _socket = socket;
        _batch = batch;
    }

    /// <summary>Datagrams echoed so far.</summary>
    public long Datagrams { get; private set; }

    /// <summary>Receive calls that returned datagrams.</summary>
    public long Batches { get; private set; }

    /// <summary>Echoes until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="stop">Cancelled on Ctrl+C, SIGTERM or <c>--exit-after</c>.</param>
    public void Run(CancellationToken stop)
    {
        int fd = _socket.Handle.DangerousGetDescriptor();
        while (!stop.IsCancellationRequested)
        {
            if (!_socket.TryReceiveMessages(_batch, out int received))
            {
                RawDescriptor.WaitFor(fd, PollEvents.In, WaitMs);
                continue;
            }
            // The batch's Count is what was received; a full send buffer makes this wait (poll) rather than drop.
            _socket.SendMessages(_batch);
            Datagrams += received;
            Batches++;
        }
    }
}
