namespace Kiwi.Examples.Http;

/// <summary>What <see cref="HttpRequestReader.TryRead"/> found at the front of a buffer.</summary>
public enum HttpParseStatus
{
    /// <summary>Not a whole request yet: wait for more bytes.</summary>
    Incomplete,

    /// <summary>A whole request: its head and body are in the buffer.</summary>
    Complete,

    /// <summary>Not HTTP/1.x, or a head too large: answer 400 and close.</summary>
    Malformed,
}
