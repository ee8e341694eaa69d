using System;
using System.Runtime.InteropServices;

namespace Kiwi.Net;

/// <summary><c>splice(2)</c>: moves bytes between a pipe and another descriptor (file or socket) inside the kernel,
/// the building block of zero-copy proxies (socket → pipe → socket) and file serving.</summary>
public static class Splice
{
    /// <summary>Moves up to <paramref name="count"/> bytes from <paramref name="source"/> to
    /// <paramref name="destination"/>; one of them must be a pipe.</summary>
    /// <param name="source">Where the bytes come from.</param>
    /// <param name="destination">Where they go.</param>
    /// <param name="count">The most bytes to move.</param>
    /// <param name="moved">Bytes moved; 0 at the end of the source.</param>
    /// <param name="flags"><c>SPLICE_F_*</c>.</param>
    /// <param name="sourceOffset">For a file source: where to read from (its file position is then not used); null for
    /// a pipe or socket, or to use and move the file position.</param>
    /// <param name="destinationOffset">The same for a file destination.</param>
    /// <returns>False when a non-blocking side had nothing to give or no room (<c>EAGAIN</c>).</returns>
    /// <exception cref="ErrnoException">E.g. <c>EINVAL</c> when neither side is a pipe.</exception>
    public static unsafe bool TryMove(SafeHandle source, SafeHandle destination, int count, out int moved,
        SpliceFlags flags = SpliceFlags.None, long? sourceOffset = null, long? destinationOffset = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        nint inOffset = (nint)(sourceOffset ?? 0);
        nint outOffset = (nint)(destinationOffset ?? 0);
        using DescriptorLease input = new(source);
        using DescriptorLease output = new(destination);
        nint r = SystemCalls.Splice(input.Descriptor, sourceOffset.HasValue ? &inOffset : null,
            output.Descriptor, destinationOffset.HasValue ? &outOffset : null, (nuint)count, (uint)flags);
        return SystemCalls.Completed(r, "splice", out moved);
    }
}
