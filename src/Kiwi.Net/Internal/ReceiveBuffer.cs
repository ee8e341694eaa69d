using System;

namespace Kiwi.Net;

/// <summary>
/// Refuses an empty receive buffer: <c>recv</c>/<c>read</c> into zero bytes returns 0 at once even while data is
/// pending, and 0 means "the peer shut down", so a caller would close a live connection.
/// </summary>
internal static class ReceiveBuffer
{
    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="length"/> is 0, unless
    /// <see cref="MessageFlags.Truncated"/> asks for the real length of a datagram.</summary>
    public static void ThrowIfEmpty(long length, string call, string parameter, MessageFlags flags = MessageFlags.None)
    {
        if (length == 0 && (flags & MessageFlags.Truncated) == 0)
        {
            throw new ArgumentException(
                $"{call}: an empty buffer reads nothing and returns 0, which means end of stream; pass at least one byte.", parameter);
        }
    }
}
