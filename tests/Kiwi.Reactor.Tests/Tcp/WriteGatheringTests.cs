using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Kiwi.Examples.Http;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

/// <summary>
/// Write gathering (TcpConnection.Output.cs): what the callbacks of one dispatch send leaves in one system call
/// when the dispatch returns, in order, with the high-water mark and write-complete as before; Flush and Cork.
/// System calls are counted by <see cref="TcpConnection.WriteSystemCalls"/>, read on the loop thread.
/// </summary>
public sealed class WriteGatheringTests
{
    [Fact]
    public void SixteenSendsOfOneDispatchLeaveInOneWriteInOrderWithOneWriteComplete()
    {
        var seen = new ConcurrentQueue<string>();
        using var harness = new ServerHarness(1, server =>
        {
            server.Callbacks.Message = (connection, buffer, _) =>
            {
                buffer.RetrieveAll();
                long before = connection.WriteSystemCalls;
                for (int i = 0; i < 16; i++)
                {
                    connection.Send($"answer {i:D2}\n");
                }
                // Nothing written yet: all sixteen wait in the output for the end of this dispatch.
                seen.Enqueue($"in callback: {connection.WriteSystemCalls - before} writes, {connection.OutputBuffer.ReadableBytes} bytes");
            };
            server.Callbacks.WriteComplete = connection => seen.Enqueue($"write complete after {connection.WriteSystemCalls} writes");
        });
        using Socket client = harness.Connect();
        client.Send("go\n"u8);
        string expected = string.Concat(Enumerable.Range(0, 16).Select(i => $"answer {i:D2}\n"));
        Assert.Equal(expected, Encoding.ASCII.GetString(client.ReceiveExactly(expected.Length)));
        Wait.Until(() => seen.Count == 2, "the callback and write-complete");
        Assert.Equal(new[] { $"in callback: 0 writes, {expected.Length} bytes", "write complete after 1 writes" }, seen);
    }

    [Fact]
    public void PipelinedHttpHelloBatchIsAnsweredWithOneWrite()
    {
        const int Batch = 16;
        var writesAtComplete = new ConcurrentQueue<long>();
        using var harness = new ServerHarness(1, server =>
        {
            server.Callbacks.Message = HelloHandler.OnMessage;
            server.Callbacks.WriteComplete = connection => writesAtComplete.Enqueue(connection.WriteSystemCalls);
        });
        using Socket client = harness.Connect();
        // One send of sixteen requests: one loopback segment, so one read on the server sees them all.
        client.Send(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET / HTTP/1.1\r\nHost: test\r\n\r\n", Batch))));
        const string Response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, World!";
        string expected = string.Concat(Enumerable.Repeat(Response, Batch));
        Assert.Equal(expected, Encoding.ASCII.GetString(client.ReceiveExactly(expected.Length)));
        Wait.Until(() => !writesAtComplete.IsEmpty, "write-complete");
        // The connection's first and only write carried all sixteen answers.
        Assert.Equal(new[] { 1L }, writesAtComplete);
    }

    [Fact]
    public void ALargeSendLeavesAtOnceTogetherWithWhatWasGatheredBeforeIt()
    {
        byte[] large = new byte[TcpConnection.GatherThreshold];
        for (int i = 0; i < large.Length; i++)
        {
            large[i] = (byte)(i * 7);
        }
        var seen = new ConcurrentQueue<string>();
        using var harness = new ServerHarness(1, server =>
        {
            server.Callbacks.Message = (connection, buffer, _) =>
            {
                buffer.RetrieveAll();
                connection.Send("head"u8);
                seen.Enqueue($"after head: {connection.WriteSystemCalls} writes");
                connection.Send(large);
                seen.Enqueue($"after large: {connection.WriteSystemCalls} writes, {connection.OutputBuffer.ReadableBytes} queued");
                connection.Send("tail"u8);
            };
            server.Callbacks.WriteComplete = connection => seen.Enqueue($"complete: {connection.WriteSystemCalls} writes");
        });
        using Socket client = harness.Connect();
        client.Send("go"u8);
        byte[] all = client.ReceiveExactly(4 + large.Length + 4);
        Assert.Equal("head", Encoding.ASCII.GetString(all, 0, 4));
        Assert.True(all.AsSpan(4, large.Length).SequenceEqual(large), "the large send arrived changed");
        Assert.Equal("tail", Encoding.ASCII.GetString(all, 4 + large.Length, 4));
        // head + large in one sendmsg inside the callback; tail gathered and written when the dispatch returned.
        Wait.Until(() => seen.Count == 4, "the callback's observations and two write-completes");
        Assert.Equal(new[] { "after head: 0 writes", "after large: 1 writes, 0 queued", "complete: 2 writes", "complete: 2 writes" }, seen);
    }

    [Fact]
    public void FlushWritesWhatWasGatheredBeforeTheDispatchReturns()
    {
        var seen = new ConcurrentQueue<string>();
        TcpConnection? served = null;
        using var harness = new ServerHarness(1, server => server.Callbacks.Message = (connection, buffer, _) =>
        {
            served = connection;
            buffer.RetrieveAll();
            connection.Send("one "u8);
            connection.Send("two "u8);
            connection.Flush();
            seen.Enqueue($"after flush: {connection.WriteSystemCalls} writes, {connection.OutputBuffer.ReadableBytes} queued");
            connection.Send("three"u8);
            seen.Enqueue($"after three: {connection.WriteSystemCalls} writes, {connection.OutputBuffer.ReadableBytes} queued");
        });
        using Socket client = harness.Connect();
        client.Send("go"u8);
        Assert.Equal("one two three", Encoding.ASCII.GetString(client.ReceiveExactly(13)));
        Wait.Until(() => seen.Count == 2, "the callback's observations");
        Assert.Equal(new[] { "after flush: 1 writes, 0 queued", "after three: 1 writes, 5 queued" }, seen);
        // "three" went out when the dispatch returned: the second write.
        TcpConnection connection = served!;
        Assert.Equal(2, Wait.OnLoop(connection.Loop, () => connection.WriteSystemCalls, "the write count"));
    }

    [Fact]
    public void CorkHoldsSendsAcrossDispatchesAndUncorkWritesThemOnce()
    {
        var seen = new ConcurrentQueue<string>();
        using var harness = new ServerHarness(1, server => server.Callbacks.Message = (connection, buffer, _) =>
        {
            string line = Encoding.ASCII.GetString(buffer.ReadableSpan);
            buffer.RetrieveAll();
            switch (line)
            {
                case "a":
                    // Gathered before the cork: written by Cork, not held.
                    connection.Send("0"u8);
                    connection.Cork();
                    connection.Send("1"u8);
                    break;
                case "b":
                    // A large send is held too: a cork holds everything.
                    connection.Send(new byte[TcpConnection.GatherThreshold]);
                    break;
                default:
                    connection.Send("3"u8);
                    connection.Uncork();
                    break;
            }
            seen.Enqueue($"{line}: corked {connection.IsCorked}, {connection.WriteSystemCalls} writes, {connection.OutputBuffer.ReadableBytes} queued");
        });
        using Socket client = harness.Connect();
        client.Send("a"u8);
        Wait.Until(() => seen.Count == 1, "the first message");
        client.Send("b"u8);
        Wait.Until(() => seen.Count == 2, "the second message");
        client.Send("c"u8);
        byte[] all = client.ReceiveExactly(3 + TcpConnection.GatherThreshold);
        Assert.Equal("01", Encoding.ASCII.GetString(all, 0, 2));
        Assert.Equal((byte)'3', all[^1]);
        Wait.Until(() => seen.Count == 3, "the third message");
        Assert.Equal(
            new[]
            {
                "a: corked True, 1 writes, 1 queued",
                $"b: corked True, 1 writes, {1 + TcpConnection.GatherThreshold} queued",
                "c: corked False, 2 writes, 0 queued",
            },
            seen);
    }

    [Fact]
    public void ThePeersCloseWritesWhatTheCorkHeldThenCloses()
    {
        using var harness = new ServerHarness(1, server => server.Callbacks.Message = (connection, buffer, _) =>
        {
            buffer.RetrieveAll();
            connection.Cork();
            connection.Send("held until the end"u8);
        });
        using Socket client = harness.Connect();
        client.Send("x"u8);
        Wait.Until(() => harness.Server.ConnectionCount == 1, "the connection");
        client.Shutdown(SocketShutdown.Send);
        byte[] scratch = new byte[64];
        var text = new StringBuilder();
        int n;
        while ((n = client.Receive(scratch)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(scratch, 0, n));
        }
        Assert.Equal("held until the end", text.ToString());
        Wait.Until(() => harness.Server.ConnectionCount == 0, "the server to close");
    }

    [Fact]
    public void GatheredBytesDoNotReachTheHighWaterMarkButCorkedOnesDo()
    {
        const int Mark = 1000;
        var events = new ConcurrentQueue<string>();
        using var harness = new ServerHarness(1, server =>
        {
            server.Callbacks.HighWaterMark = Mark;
            server.Callbacks.HighWaterMarkReached = (_, queued) => events.Enqueue($"high water {queued}");
            server.Callbacks.WriteComplete = _ => events.Enqueue("write complete");
            server.Callbacks.Message = (connection, buffer, _) =>
            {
                bool cork = buffer.ReadableSpan.SequenceEqual("cork"u8);
                buffer.RetrieveAll();
                if (cork)
                {
                    connection.Cork();
                }
                // 16 × 200 bytes: past the mark, but gathered for this dispatch's one write, not refused by the socket.
                for (int i = 0; i < 16; i++)
                {
                    connection.Send(new byte[200]);
                }
                if (cork)
                {
                    events.Enqueue($"corked {connection.OutputBuffer.ReadableBytes}");
                    connection.Uncork();
                }
            };
        });
        using Socket client = harness.Connect();
        client.Send("gather"u8);
        client.ReceiveExactly(3200);
        Wait.Until(() => events.Count == 1, "write-complete");
        client.Send("cork"u8);
        client.ReceiveExactly(3200);
        Wait.Until(() => events.Count == 4, "the corked round");
        Assert.Equal(new[] { "write complete", "corked 3200", "high water 1000", "write complete" }, events);
    }
}
