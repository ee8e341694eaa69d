using System;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Multiplexing;

/// <summary>A descriptor ≥ FD_SETSIZE: select cannot hold it, poll and epoll can.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class HighDescriptorTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void FdSetRefusesItButPollAndEpollWatchIt()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        using (LinuxSocket high = second.Duplicate(minimumDescriptor: 1024))
        using (EpollHandle epoll = EpollHandle.Create())
        {
            int fd = high.Handle.DangerousGetDescriptor();
            Assert.True(fd >= FdSet.Capacity, $"duplicate landed on {fd}");

            FdSet set = new();
            Assert.Throws<ArgumentOutOfRangeException>(() => set.Add(high.Handle));

            first.Send("x"u8);

            Span<PollDescriptor> entries = stackalloc PollDescriptor[] { new PollDescriptor(fd, PollEvents.In) };
            Assert.Equal(1, Poll.Wait(entries, Loopback.WaitMs));
            Assert.Equal(PollEvents.In, entries[0].ReturnedEvents);

            epoll.Add(fd, EpollEvents.In, token: (ulong)fd);
            Span<EpollEvent> events = stackalloc EpollEvent[4];
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal((ulong)fd, events[0].Token);
            Assert.Equal(EpollEvents.In, events[0].Events);

            byte[] buffer = new byte[4];
            Assert.Equal(1, high.Receive(buffer));
        }
    }
}
