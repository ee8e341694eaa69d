using System;
using System.Linq;
using System.Net;
using System.Runtime.CompilerServices;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Multiplexing;

/// <summary>epoll: readiness, level/edge triggering, one-shot, RDHUP, EXCLUSIVE and tokens.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class EpollTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void EpollEventHasTheKernelLayout()
    {
        Assert.Equal(Unsafe.SizeOf<epoll_event>(), Unsafe.SizeOf<EpollEvent>());
        if (OperatingSystemIsX64())
        {
            Assert.Equal(12, Unsafe.SizeOf<EpollEvent>());
        }
        EpollEvent e = new(EpollEvents.In | EpollEvents.EdgeTriggered, 0x0123_4567_89AB_CDEF);
        epoll_event native = Unsafe.As<EpollEvent, epoll_event>(ref e);
        Assert.Equal((uint)Libc.EPOLLIN | Libc.EPOLLET, native.events);
        Assert.Equal(0x0123_4567_89AB_CDEFUL, (ulong)native.data.u64);
    }

    [Fact]
    public void SeesReadabilityWritabilityAndPeerClose()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (server)
        using (EpollHandle epoll = EpollHandle.Create())
        {
            Span<EpollEvent> events = stackalloc EpollEvent[4];
            epoll.Add(server.Handle, EpollEvents.In | EpollEvents.ReadHangUp, token: 1);
            epoll.Add(client.Handle, EpollEvents.Out, token: 2);

            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(2UL, events[0].Token);
            Assert.Equal(EpollEvents.Out, events[0].Events);

            epoll.Delete(client.Handle);
            client.Send("x"u8);
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(1UL, events[0].Token);
            Assert.Equal(EpollEvents.In, events[0].Events);
            Assert.Equal(1, server.Receive(new byte[4]));

            client.Dispose();
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(EpollEvents.In | EpollEvents.ReadHangUp, events[0].Events);
            Assert.Equal(0, server.Receive(new byte[4]));
        }
    }

    [Fact]
    public void LevelTriggeredRepeatsUntilDrained()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        using (first)
        using (second)
        using (EpollHandle epoll = EpollHandle.Create())
        {
            Span<EpollEvent> events = stackalloc EpollEvent[2];
            epoll.Add(second.Handle, EpollEvents.In, token: 7);
            first.Send("0123456789"u8);

            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.True(second.TryReceive(new byte[4], out int partial));
            Assert.Equal(4, partial);
            Assert.Equal(1, epoll.Wait(events, 0));

            Assert.True(second.TryReceive(new byte[16], out int rest));
            Assert.Equal(6, rest);
            Assert.Equal(0, epoll.Wait(events, 0));
        }
    }

    [Fact]
    public void EdgeTriggeredReportsOncePerArrival()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        using (first)
        using (second)
        using (EpollHandle epoll = EpollHandle.Create())
        {
            Span<EpollEvent> events = stackalloc EpollEvent[2];
            epoll.Add(second.Handle, EpollEvents.In | EpollEvents.EdgeTriggered, token: 7);

            first.Send("abc"u8);
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            // Not drained, yet no second report: the edge was consumed.
            Assert.Equal(0, epoll.Wait(events, 0));

            first.Send("def"u8);
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(0, epoll.Wait(events, 0));

            byte[] buffer = new byte[16];
            Assert.True(second.TryReceive(buffer, out int n));
            Assert.Equal(6, n);
            Assert.False(second.TryReceive(buffer, out _));
            Assert.Equal(0, epoll.Wait(events, 0));
        }
    }

    [Fact]
    public void OneShotNeedsRearming()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        using (first)
        using (second)
        using (EpollHandle epoll = EpollHandle.Create())
        {
            Span<EpollEvent> events = stackalloc EpollEvent[2];
            epoll.Add(second.Handle, EpollEvents.In | EpollEvents.OneShot, token: 1);

            first.Send("a"u8);
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(1UL, events[0].Token);
            first.Send("b"u8);
            Assert.Equal(0, epoll.Wait(events, 0));

            epoll.Modify(second.Handle, EpollEvents.In | EpollEvents.OneShot, token: 2);
            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(2UL, events[0].Token);
            Assert.Equal(0, epoll.Wait(events, 0));
        }
    }

    [Fact]
    public void ReadHangUpOnPeerHalfClose()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        using (EpollHandle epoll = EpollHandle.Create())
        {
            Span<EpollEvent> events = stackalloc EpollEvent[2];
            epoll.Add(server.Handle, EpollEvents.ReadHangUp, token: 3);
            Assert.Equal(0, epoll.Wait(events, 0));

            client.Shutdown(ShutdownHow.Write);

            Assert.Equal(1, epoll.Wait(events, Loopback.WaitMs));
            Assert.Equal(EpollEvents.ReadHangUp, events[0].Events);
            // Only a half-close: the server can still send to the client.
            server.Send("still open"u8);
            Loopback.AssertReady(client, PollEvents.In);
        }
    }

    [Fact]
    public void ExclusiveIsAcceptedOnAddAndRefusedOnModify()
    {
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        using EpollHandle first = EpollHandle.Create();
        using EpollHandle second = EpollHandle.Create();
        first.Add(listener.Handle, EpollEvents.In | EpollEvents.Exclusive, token: 1);
        second.Add(listener.Handle, EpollEvents.In | EpollEvents.Exclusive, token: 2);
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        client.Connect(listener.LocalEndPoint!);

        Span<EpollEvent> events = stackalloc EpollEvent[2];
        Assert.Equal(1, first.Wait(events, Loopback.WaitMs));
        Assert.Equal(1UL, events[0].Token);
        Assert.Equal(EpollEvents.In, events[0].Events);

        // The kernel allows EPOLLEXCLUSIVE only with EPOLL_CTL_ADD.
        ErrnoException e = Assert.Throws<ErrnoException>(() => first.Modify(listener.Handle, EpollEvents.In | EpollEvents.Exclusive, 1));
        Assert.Equal("EINVAL", e.ErrnoName);
        Assert.Equal("epoll_ctl(EPOLL_CTL_MOD)", e.Call);
        Assert.True(listener.TryAccept(out LinuxSocket? accepted));
        accepted.Dispose();
    }

    [Fact]
    public void TokensRoundTripAllSixtyFourBits()
    {
        ulong[] tokens = { 0, 1, 0xDEAD_BEEF_CAFE_BABE, ulong.MaxValue };
        using EpollHandle epoll = EpollHandle.Create();
        var pairs = new (LinuxSocket First, LinuxSocket Second)[tokens.Length];
        try
        {
            for (int i = 0; i < tokens.Length; i++)
            {
                pairs[i] = LinuxSocket.CreatePair(SocketKind.Stream);
                epoll.Add(pairs[i].Second.Handle, EpollEvents.In, tokens[i]);
                pairs[i].First.Send("t"u8);
            }

            Span<EpollEvent> events = stackalloc EpollEvent[8];
            int count = epoll.Wait(events, Loopback.WaitMs);
            ulong[] seen = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                seen[i] = events[i].Token;
            }
            Assert.Equal(tokens.Length, count);
            Assert.Equal(tokens, seen.Order());
        }
        finally
        {
            foreach (var (first, second) in pairs)
            {
                first?.Dispose();
                second?.Dispose();
            }
        }
    }

    [Fact]
    public void WaitFillsNoMoreThanTheSpan()
    {
        var (a1, a2) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (b1, b2) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a1) using (a2) using (b1) using (b2)
        using (EpollHandle epoll = EpollHandle.Create())
        {
            epoll.Add(a1.Handle, EpollEvents.Out, 1);
            epoll.Add(a2.Handle, EpollEvents.Out, 2);
            epoll.Add(b1.Handle, EpollEvents.Out, 3);
            Span<EpollEvent> events = stackalloc EpollEvent[3];
            Assert.Equal(2, epoll.Wait(events[..2], Loopback.WaitMs));
            Assert.Equal(default, events[2]);
            Assert.Equal(3, RawDescriptor.EpollWait(epoll.DangerousGetDescriptor(), events, 0));
        }
    }

    [Fact]
    public void RegistrationErrorsNameTheOperation()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        using (EpollHandle epoll = EpollHandle.Create())
        {
            epoll.Add(first.Handle, EpollEvents.In, 1);
            Assert.Equal("EEXIST", Assert.Throws<ErrnoException>(() => epoll.Add(first.Handle, EpollEvents.In, 1)).ErrnoName);
            Assert.Equal("ENOENT", Assert.Throws<ErrnoException>(() => epoll.Modify(second.Handle, EpollEvents.In, 1)).ErrnoName);
            ErrnoException delete = Assert.Throws<ErrnoException>(() => epoll.Delete(second.Handle));
            Assert.Equal("epoll_ctl(EPOLL_CTL_DEL)", delete.Call);
            epoll.Delete(first.Handle);
            second.Send("x"u8);
            Assert.Equal(0, epoll.Wait(new EpollEvent[1], 0));
        }
    }

    private static bool OperatingSystemIsX64() => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;
}
