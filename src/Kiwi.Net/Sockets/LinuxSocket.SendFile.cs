using System;
using System.Threading;
using System.Runtime.InteropServices;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

public sealed partial class LinuxSocket
{
    /// <summary><c>sendfile(2)</c>: sends <paramref name="count"/> bytes of <paramref name="file"/> from
    /// <paramref name="offset"/> without copying them through user space, waiting (with <c>poll</c>) while a
    /// non-blocking socket is full, until all are sent or the file ends.</summary>
    /// <param name="file">An open regular file (e.g. <see cref="System.IO.File.OpenHandle"/>); its file position is not used or moved.</param>
    /// <param name="offset">Where in the file to start.</param>
    /// <param name="count">Bytes to send.</param>
    /// <param name="timeout">How long the call may wait: <see cref="TimeoutException"/> after it; null leaves
    /// it to the socket's <see cref="SocketOptions.ReceiveTimeout"/>/<see cref="SocketOptions.SendTimeout"/>.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket was disposed, before or during the call.</exception>
    /// <returns>Bytes sent; fewer than <paramref name="count"/> only when the file ended first.</returns>
    public long SendFile(SafeHandle file, long offset, long count, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        BlockingCall wait = new(Handle, "sendfile", timeout, cancellationToken, Kiwi.Interop.Libc.SO_SNDTIMEO);
        long total = 0;
        while (total < count)
        {
            wait.BeforeAttempt(PollEvents.Out);
            if (!TrySendFile(file, ref offset, (int)Math.Min(count - total, int.MaxValue), out int sent))
            {
                wait.AfterWouldBlock(PollEvents.Out);
                continue;
            }
            wait.ThrowIfDisposed();
            if (sent == 0)
            {
                break;
            }
            total += sent;
        }
        return total;
    }

    /// <summary><c>sendfile(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="file">An open regular file.</param>
    /// <param name="offset">Where in the file to start; advanced by the bytes sent.</param>
    /// <param name="count">The most bytes to send.</param>
    /// <param name="sent">Bytes sent; 0 at the end of the file.</param>
    /// <returns>False when a non-blocking socket cannot take bytes now (<c>EAGAIN</c>).</returns>
    public unsafe bool TrySendFile(SafeHandle file, ref long offset, int count, out int sent)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using DescriptorLease socket = new(Handle);
        using DescriptorLease source = new(file);
        nint position = (nint)offset;
        nint r = SystemCalls.SendFile(socket.Descriptor, source.Descriptor, &position, (nuint)count);
        offset = position;
        return SystemCalls.Completed(r, "sendfile", out sent);
    }
}
