using System;
using System.Collections.Generic;
using System.Linq;
using Kiwi.Net;
using Kiwi.Reliability.Tests.Support;

namespace Kiwi.Reliability.Tests.Stress;

/// <summary>EMFILE under a lowered RLIMIT_NOFILE (restored afterwards), with nobody subscribed to
/// <c>EventLoop.ErrorReported</c>: the acceptor's report goes to stderr, which out of descriptors may fail to load,
/// and the loop must survive that; the waiting client is dropped, not left hanging, and the server serves again.
/// The window without descriptors is kept short and allocation-free: the runtime itself needs descriptors to
/// load assemblies.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class DescriptorExhaustionTests : IClassFixture<NonPipeLeakCheck>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void TheServerSurvivesEmfileWithNoErrorSubscriber()
    {
        using EchoServer server = new(loops: 0);
        using (LinuxSocket warm = server.Connect())
        {
            warm.SendAll(new byte[] { 1 });
            Assert.Equal(1, warm.Receive(new byte[1], timeout: Bound));
        }
        // Made before the table fills: connecting later needs no new descriptor.
        using LinuxSocket victim = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        List<EventFdHandle> fillers = new(20_000);
        int highest = DescriptorLeakCheck.Snapshot().Keys.Max();
        try
        {
            using (DescriptorLimit.Lower((ulong)highest + 32))
            {
                while (fillers.Count < 20_000)
                {
                    try
                    {
                        fillers.Add(EventFdHandle.Create());
                    }
                    catch (ErrnoException error) when (error.ErrnoName == "EMFILE")
                    {
                        break;
                    }
                }
                victim.Connect(server.EndPoint);
                // The spare-descriptor trick: the acceptor takes the connection and closes it at once.
                Assert.Equal(0, victim.Receive(new byte[16], timeout: Bound));
            }
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
        using LinuxSocket again = server.Connect();
        again.SendAll(new byte[] { 42 });
        byte[] echo = new byte[1];
        Assert.Equal(1, again.Receive(echo, timeout: Bound));
        Assert.Equal(42, echo[0]);
    }
}
