using System;
using System.Net;
using System.Text;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>
/// TCP urgent data on loopback: MSG_OOB, the mark (<c>sockatmark</c>), SO_OOBINLINE, and the urgent byte seen by
/// select (except set), poll (POLLPRI) and epoll (EPOLLPRI).
/// </summary>
[Collection(DescriptorCollection.Name)]
public sealed class OutOfBandTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void SelectSeesUrgentDataInTheExceptSet()
    {
        var (client, server) = UrgentPair();
        using (client)
        using (server)
        {
            FdSet except = new();
            except.Add(server.Handle);
            Assert.Equal(0, Select.Wait(null, null, except, TimeSpan.Zero));
            Assert.False(except.Contains(server.Handle));

            client.Send("!"u8, MessageFlags.OutOfBand);
            except.Add(server.Handle);
            Assert.Equal(1, Select.Wait(null, null, except, TimeSpan.FromMilliseconds(Loopback.WaitMs)));
            Assert.True(except.Contains(server.Handle));
        }
    }

    [Fact]
    public void PollSeesUrgentDataAsPriorityUntilItIsRead()
    {
        var (client, server) = UrgentPair();
        using (client)
        using (server)
        {
            Span<PollDescriptor> entries = stackalloc PollDescriptor[1];
            entries[0] = new PollDescriptor(server.Handle.DangerousGetDescriptor(), PollEvents.Priority);
            Assert.Equal(0, Poll.Wait(entries, 0));

            client.Send("!"u8, MessageFlags.OutOfBand);
            Assert.Equal(1, Poll.Wait(entries, Loopback.WaitMs));
            Assert.Equal(PollEvents.Priority, entries[0].ReturnedEvents & PollEvents.Priority);

            byte[] urgent = new byte[1];
            Assert.Equal(1, server.Receive(urgent, MessageFlags.OutOfBand));
            Assert.Equal((byte)'!', urgent[0]);
            // Once read, the urgent byte no longer makes the socket exceptional.
            entries[0].ReturnedEvents = PollEvents.None;
            Assert.Equal(0, Poll.Wait(entries, 0));
        }
    }

    [Fact]
    public void EpollSeesUrgentDataAsPriority()
    {
        var (client, server) = UrgentPair();
        using (client)
        using (server)
        using (EpollHandle epoll = EpollHandle.Create())
        {
            Span<EpollEvent> events = stackalloc EpollEvent[2];
            epoll.Add(server.Handle, EpollEvents.Priority, token: 42);
            Assert.Equal(0, epoll.Wait(events, 0));

            client.Send("!"u8, MessageFlags.OutOfBand);
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(42UL, events[0].Token);
            Assert.Equal(EpollEvents.Priority, events[0].Events & EpollEvents.Priority);
        }
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void WithoutInlineTheUrgentByteComesOnlyWithMsgOobAndTheMarkSeparatesTheStream(string address)
    {
        var (client, server) = UrgentPair(IPAddress.Parse(address));
        using (client)
        using (server)
        {
            Assert.False(server.Options.OutOfBandInline);
            SendAbcThenUrgentAndReadUpToTheMark(client, server);

            byte[] urgent = new byte[1];
            Assert.Equal(1, server.Receive(urgent, MessageFlags.OutOfBand));
            Assert.Equal((byte)'!', urgent[0]);

            // The normal stream skips the urgent byte.
            client.SendAll("def"u8);
            client.Dispose();
            Assert.Equal("def", ReceiveToEnd(server, 16));
        }
    }

    [Fact]
    public void WithInlineTheUrgentByteStaysInTheNormalStreamAtTheMark()
    {
        var (client, server) = UrgentPair();
        using (client)
        using (server)
        {
            server.Options.OutOfBandInline = true;
            SendAbcThenUrgentAndReadUpToTheMark(client, server);
            // Inline, the urgent byte is not in a separate place: MSG_OOB is refused.
            ErrnoException e = Assert.Throws<ErrnoException>(() => server.Receive(new byte[1], MessageFlags.OutOfBand));
            Assert.Equal(Libc.EINVAL, e.Errno);

            client.SendAll("def"u8);
            client.Dispose();
            Assert.Equal("!def", ReceiveToEnd(server, 16));
        }
    }

    [Fact]
    public void AnUrgentByteAloneIsAtTheMarkAtOnce()
    {
        var (client, server) = UrgentPair();
        using (client)
        using (server)
        {
            client.Send("u"u8, MessageFlags.OutOfBand);
            WaitForUrgent(server);
            Assert.True(server.IsAtMark());
            byte[] urgent = new byte[4];
            Assert.Equal(1, server.Receive(urgent, MessageFlags.OutOfBand));
            Assert.Equal((byte)'u', urgent[0]);
        }
    }

    /// <summary>A loopback TCP pair whose client sends small segments at once, so that urgent data is not held back.</summary>
    private static (LinuxSocket Client, LinuxSocket Server) UrgentPair(IPAddress? address = null)
    {
        var (client, server) = Loopback.TcpPair(address ?? IPAddress.Loopback);
        client.Options.NoDelay = true;
        return (client, server);
    }

    /// <summary>Sends "abc" then the urgent byte '!', and checks the mark on both sides of the normal bytes.</summary>
    private static void SendAbcThenUrgentAndReadUpToTheMark(LinuxSocket client, LinuxSocket server)
    {
        client.SendAll("abc"u8);
        client.Send("!"u8, MessageFlags.OutOfBand);
        WaitForUrgent(server);

        // Normal data precedes the urgent byte: not yet at the mark.
        Assert.False(server.IsAtMark());
        // recv stops at the mark, so a larger buffer gets exactly the bytes before it.
        Assert.Equal("abc", ReceiveOnce(server, 16));
        Assert.True(server.IsAtMark());
    }

    /// <summary>Waits (bounded) until the urgent pointer has reached the receiver: POLLPRI.</summary>
    private static void WaitForUrgent(LinuxSocket socket) => Loopback.AssertReady(socket, PollEvents.Priority);

    /// <summary>One bounded wait and one recv into a buffer of <paramref name="size"/> bytes.</summary>
    private static string ReceiveOnce(LinuxSocket socket, int size)
    {
        byte[] data = new byte[size];
        Loopback.AssertReady(socket, PollEvents.In);
        return Encoding.ASCII.GetString(data, 0, socket.Receive(data));
    }

    /// <summary>Reads until end of stream, at most <paramref name="limit"/> bytes, each read bounded in time.</summary>
    private static string ReceiveToEnd(LinuxSocket socket, int limit)
    {
        byte[] data = new byte[limit];
        int filled = 0;
        while (filled < limit)
        {
            Loopback.AssertReady(socket, PollEvents.In);
            int n = socket.Receive(data.AsSpan(filled));
            if (n == 0)
            {
                break;
            }
            filled += n;
        }
        return Encoding.ASCII.GetString(data, 0, filled);
    }
}
