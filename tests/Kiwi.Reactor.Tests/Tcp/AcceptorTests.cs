using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Reactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Reactor.Tests;

/// <summary>The Acceptor when the process runs out of descriptors. Alone in its collection: it fills the descriptor table.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class AcceptorTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void OutOfDescriptorsItDropsThePendingConnectionReportsAndKeepsServing()
    {
        var reported = new ConcurrentQueue<ReactorErrorEventArgs>();
        using var harness = new ServerHarness(0, s => ServerHarness.Echo(s));
        harness.Loop.ErrorReported += (_, e) => reported.Enqueue(e);
        RecordingLogger logger = new();
        harness.Loop.Logger = logger;
        using (Socket before = harness.Connect())
        {
            Echo(before, "before");
        }
        // Created now: connecting later needs no new descriptor, which is what the full table will not give.
        using var victim = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = (int)Wait.Limit.TotalMilliseconds,
        };
        var fillers = new List<EventFdHandle>();
        try
        {
            int highest = Directory.EnumerateFileSystemEntries("/proc/self/fd").Select(p => int.Parse(Path.GetFileName(p))).Max();
            using (DescriptorLimit.Lower((ulong)highest + 32))
            {
                while (fillers.Count < 20_000)
                {
                    try
                    {
                        fillers.Add(EventFdHandle.Create());
                    }
                    catch (ErrnoException error) when (error.Errno == Libc.EMFILE)
                    {
                        break;
                    }
                }
                victim.Connect(harness.EndPoint);
                Wait.Until(() => !reported.IsEmpty, "the report of EMFILE");
                // The spare descriptor let the acceptor take the connection and close it: the client is not left hanging.
                Assert.Equal(0, victim.Receive(new byte[16]));
            }
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
        ErrnoException exhausted = Assert.IsType<ErrnoException>(reported.First().Exception);
        Assert.Equal(Libc.EMFILE, exhausted.Errno);
        Assert.IsType<Acceptor>(reported.First().Source);
        LogEntry warning = logger.WaitFor(101, Wait.Limit);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.StartsWith("Acceptor: accept4 says EMFILE, out of descriptors", warning.Message);
        using Socket after = harness.Connect();
        Echo(after, "after");
        Wait.Until(() => harness.Server.ConnectionCount == 1, "only the last connection open");
    }

    private static void Echo(Socket client, string text)
    {
        client.Send(Encoding.ASCII.GetBytes(text));
        Assert.Equal(text, Encoding.ASCII.GetString(client.ReceiveExactly(text.Length)));
    }
}
