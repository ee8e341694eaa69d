namespace Kiwi.Examples.Http;

/// <summary>What the hello server needs from a request: its length in the buffer and whether the connection stays open.</summary>
/// <param name="Length">Bytes of the request line, headers, blank line and body.</param>
/// <param name="KeepAlive">True unless <c>Connection: close</c> (HTTP/1.1) or no <c>Connection: keep-alive</c> (HTTP/1.0).</param>
public readonly record struct HttpRequestHead(int Length, bool KeepAlive);
