using System;
using Kiwi.Net.Reactor;

namespace Kiwi.Examples.Http;

/// <summary>
/// The hello server's message callback: answers every whole request in the buffer (pipelined ones in order) with
/// <c>Hello, World!</c>, keeps the connection open for the next request unless the request asked to close, and
/// answers 400 and closes on anything that is not HTTP/1.x. The answers are constant bytes: nothing is allocated.
/// The loop gathers the answers to one read and writes them with one system call when this callback returns.
/// </summary>
public static class HelloHandler
{
    private static ReadOnlySpan<byte> KeepAliveResponse =>
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, World!"u8;

    private static ReadOnlySpan<byte> CloseResponse =>
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, World!"u8;

    private static ReadOnlySpan<byte> BadRequestResponse =>
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8;

    /// <summary>The <see cref="TcpCallbacks.Message"/> of the hello server. Loop thread.</summary>
    public static void OnMessage(TcpConnection connection, ByteBuffer buffer, long receiveTime)
    {
        while (connection.IsConnected)
        {
            switch (HttpRequestReader.TryRead(buffer, out HttpRequestHead head))
            {
                case HttpParseStatus.Incomplete:
                    return;
                case HttpParseStatus.Malformed:
                    Finish(connection, buffer, BadRequestResponse);
                    return;
                default:
                    buffer.Retrieve(head.Length);
                    if (!head.KeepAlive)
                    {
                        Finish(connection, buffer, CloseResponse);
                        return;
                    }
                    connection.Send(KeepAliveResponse);
                    break;
            }
        }
        // Closing (after an answer with Connection: close): whatever else came is dropped.
        buffer.RetrieveAll();
    }

    // The last answer on this connection: half-close once it is out; the client closes its side.
    private static void Finish(TcpConnection connection, ByteBuffer buffer, ReadOnlySpan<byte> response)
    {
        buffer.RetrieveAll();
        connection.Send(response);
        connection.Shutdown();
    }
}
