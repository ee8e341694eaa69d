using System;
using System.Net;
using System.Runtime.CompilerServices;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Multiplexing;

/// <summary>poll(2) over a span of PollDescriptor.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class PollTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void PollDescriptorHasPollfdLayout()
    {
        Assert.Equal(Unsafe.SizeOf<pollfd>(), Unsafe.SizeOf<PollDescriptor>());
        PollDescriptor entry = new(7, PollEvents.In | PollEvents.Out);
        pollfd native = Unsafe.As<PollDescriptor, pollfd>(ref entry);
        Assert.Equal(7, native.fd);
        Assert.Equal((short)(Libc.POLLIN | Libc.POLLOUT), native.events);
    }

    [Fact]
    public void SeesReadabilityAndWritability()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        {
            Span<PollDescriptor> entries = stackalloc PollDescriptor[]
            {
                new PollDescriptor(server.Handle.DangerousGetDescriptor(), PollEvents.In),
                new PollDescriptor(client.Handle.DangerousGetDescriptor(), PollEvents.Out),
            };
            Assert.Equal(1, Poll.Wait(entries, Loopback.WaitMs));
            Assert.Equal(PollEvents.None, entries[0].ReturnedEvents);
            Assert.Equal(PollEvents.Out, entries[1].ReturnedEvents);

            client.Send("x"u8);
            Assert.Equal(2, Poll.Wait(entries, Loopback.WaitMs));
            Assert.Equal(PollEvents.In, entries[0].ReturnedEvents);
        }
    }

    [Fact]
    public void SeesPeerHalfCloseAndFullClose()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (server)
        {
            Span<PollDescriptor> entries = stackalloc PollDescriptor[]
            {
                new PollDescriptor(server.Handle.DangerousGetDescriptor(), PollEvents.In | PollEvents.ReadHangUp),
            };
            client.Shutdown(ShutdownHow.Write);
            Assert.Equal(1, Poll.Wait(entries, Loopback.WaitMs));
            Assert.Equal(PollEvents.In | PollEvents.ReadHangUp, entries[0].ReturnedEvents);

            client.Dispose();
            server.Shutdown(ShutdownHow.Write);
            Assert.Equal(1, Poll.Wait(entries, Loopback.WaitMs));
            Assert.True(entries[0].ReturnedEvents.HasFlag(PollEvents.HangUp), entries[0].ReturnedEvents.ToString());
        }
    }

    [Fact]
    public void NegativeEntriesAreSkippedAndUnopenedOnesReportedInvalid()
    {
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        writeEnd.Dispose();
        using (readEnd)
        {
            Span<PollDescriptor> entries = stackalloc PollDescriptor[]
            {
                new PollDescriptor(-1, PollEvents.In),
                new PollDescriptor(readEnd.DangerousGetDescriptor(), PollEvents.In),
            };
            // The pipe's writer is gone: the reader sees hang-up.
            Assert.Equal(1, Poll.Wait(entries, Loopback.WaitMs));
            Assert.Equal(PollEvents.None, entries[0].ReturnedEvents);
            Assert.True(entries[1].ReturnedEvents.HasFlag(PollEvents.HangUp));

            // A number far above any open descriptor is not open: POLLNVAL.
            entries[0] = new PollDescriptor(int.MaxValue, PollEvents.In);
            Assert.Equal(2, Poll.Wait(entries, 0));
            Assert.Equal(PollEvents.Invalid, entries[0].ReturnedEvents);
        }
    }

    [Fact]
    public void TimesOutWithNothingReady()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            Span<PollDescriptor> entries = stackalloc PollDescriptor[] { new PollDescriptor(first.Handle.DangerousGetDescriptor(), PollEvents.In) };
            Assert.Equal(0, Poll.Wait(entries, 20));
            Assert.Equal(PollEvents.None, entries[0].ReturnedEvents);
        }
    }
}
