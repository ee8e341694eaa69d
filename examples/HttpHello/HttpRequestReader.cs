using System;
using System.Buffers.Text;
using System.Text;
using Kiwi.Net.Reactor;

namespace Kiwi.Examples.Http;

/// <summary>
/// Reads one HTTP/1.x request from the front of a <see cref="ByteBuffer"/> without consuming it: the request line
/// and the headers, line by line with <see cref="ByteBuffer.IndexOfCrlf"/>, up to the blank line; then a body of
/// <c>Content-Length</c> bytes. Only what an answer needs is kept (its length and keep-alive); no string is made.
/// </summary>
public static class HttpRequestReader
{
    /// <summary>The largest request head accepted.</summary>
    public const int MaxHeadLength = 8 * 1024;

    /// <summary>The largest body accepted (it is read and dropped).</summary>
    public const int MaxBodyLength = 1024 * 1024;

    /// <summary>Looks for a whole request at the front of <paramref name="buffer"/>.</summary>
    public static HttpParseStatus TryRead(ByteBuffer buffer, out HttpRequestHead head)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        head = default;
        int lineEnd = buffer.IndexOfCrlf();
        if (lineEnd < 0)
        {
            return Unfinished(buffer);
        }
        ReadOnlySpan<byte> all = buffer.ReadableSpan;
        if (!TryReadRequestLine(all[..lineEnd], out bool keepAlive))
        {
            return HttpParseStatus.Malformed;
        }
        long bodyLength = 0;
        int start = lineEnd + 2;
        while (true)
        {
            int end = buffer.IndexOfCrlf(start);
            if (end < 0)
            {
                return Unfinished(buffer);
            }
            if (end == start)
            {
                start += 2;
                break;
            }
            if (!TryReadHeader(all[start..end], ref keepAlive, ref bodyLength))
            {
                return HttpParseStatus.Malformed;
            }
            start = end + 2;
        }
        if (start > MaxHeadLength || bodyLength > MaxBodyLength)
        {
            return HttpParseStatus.Malformed;
        }
        if (all.Length < start + bodyLength)
        {
            return HttpParseStatus.Incomplete;
        }
        head = new HttpRequestHead(start + (int)bodyLength, keepAlive);
        return HttpParseStatus.Complete;
    }

    private static HttpParseStatus Unfinished(ByteBuffer buffer) =>
        buffer.ReadableBytes > MaxHeadLength ? HttpParseStatus.Malformed : HttpParseStatus.Incomplete;

    // METHOD SP TARGET SP HTTP/1.x; the version decides the default of keep-alive.
    private static bool TryReadRequestLine(ReadOnlySpan<byte> line, out bool keepAlive)
    {
        keepAlive = false;
        int first = line.IndexOf((byte)' ');
        int last = line.LastIndexOf((byte)' ');
        if (first <= 0 || last <= first + 1)
        {
            return false;
        }
        ReadOnlySpan<byte> version = line[(last + 1)..];
        if (version.SequenceEqual("HTTP/1.1"u8))
        {
            keepAlive = true;
            return true;
        }
        return version.SequenceEqual("HTTP/1.0"u8);
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> line, ref bool keepAlive, ref long bodyLength)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }
        ReadOnlySpan<byte> name = line[..colon];
        ReadOnlySpan<byte> value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            keepAlive = ConnectionKeepsAlive(value, keepAlive);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out bodyLength, out int used) || used != value.Length || bodyLength < 0)
            {
                return false;
            }
        }
        return true;
    }

    // The header is a comma-separated list of tokens, any case: "close" wins, "keep-alive" asks for persistence.
    private static bool ConnectionKeepsAlive(ReadOnlySpan<byte> value, bool keepAlive)
    {
        foreach (Range range in value.Split((byte)','))
        {
            ReadOnlySpan<byte> token = value[range].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(token, "close"u8))
            {
                return false;
            }
            if (Ascii.EqualsIgnoreCase(token, "keep-alive"u8))
            {
                keepAlive = true;
            }
        }
        return keepAlive;
    }
}
