using System;
using System.Net;
using System.Net.Sockets;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Errors;

/// <summary>Failures are ErrnoExceptions naming call and errno; EAGAIN is a result; non-blocking connect completes.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ErrorTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void ConnectToAClosedPortGivesEconnrefused()
    {
        // A bound socket that never listens holds the port, so the kernel answers a connect with a reset.
        using LinuxSocket holder = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);

        ErrnoException e = Assert.Throws<ErrnoException>(() => client.Connect(holder.LocalEndPoint!));

        Assert.Equal(Libc.ECONNREFUSED, e.Errno);
        Assert.Equal("ECONNREFUSED", e.ErrnoName);
        Assert.Equal("connect", e.Call);
    }

    [Fact]
    public void NonBlockingConnectToAClosedPortReportsEconnrefusedWhenFinished()
    {
        using LinuxSocket holder = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream, SocketCreationFlags.NonBlocking);

        if (!client.StartConnect(holder.LocalEndPoint!))
        {
            Loopback.AssertReady(client, PollEvents.Out);
        }
        ErrnoException e = Assert.Throws<ErrnoException>(() => client.FinishConnect());
        Assert.Equal("ECONNREFUSED", e.ErrnoName);
    }

    [Fact]
    public void NonBlockingConnectCompletesAndReportsSuccess()
    {
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback);
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream, SocketCreationFlags.NonBlocking);

        bool connectedAtOnce = client.StartConnect(listener.LocalEndPoint!);
        if (!connectedAtOnce)
        {
            Loopback.AssertReady(client, PollEvents.Out);
        }

        Assert.True(client.FinishConnect());
        Assert.Equal(0, client.Options.PendingError);
        Assert.Equal(listener.LocalEndPoint, client.RemoteEndPoint);
        Loopback.AssertReady(listener, PollEvents.In);
        using LinuxSocket accepted = listener.Accept();
        Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
    }

    [Fact]
    public void BlockingConnectOnANonBlockingSocketWaitsForTheOutcome()
    {
        using LinuxSocket listener = Loopback.Listen(IPAddress.IPv6Loopback);
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet6, SocketKind.Stream, SocketCreationFlags.NonBlocking);

        client.Connect(listener.LocalEndPoint!);

        Assert.Equal(listener.LocalEndPoint, client.RemoteEndPoint);
    }

    [Fact]
    public void ReceiveOnAnEmptyNonBlockingSocketWouldBlockWithoutThrowing()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        using (first)
        using (second)
        {
            byte[] buffer = new byte[16];
            Assert.False(second.TryReceive(buffer, out int received));
            Assert.Equal(0, received);
            Assert.True(RawDescriptor.IsWouldBlock(RawDescriptor.Receive(second.Handle.DangerousGetDescriptor(), buffer)));
            Assert.False(second.TryReadVector(new Memory<byte>[] { buffer }, out _));
            Assert.False(second.TryReceiveFrom(buffer, out _, out _));
            Assert.False(second.TryReceiveMessage(buffer, out _));
        }
    }

    [Fact]
    public void DontWaitMakesOneCallNonBlocking()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            Assert.False(second.TryReceive(new byte[4], out _, MessageFlags.DontWait));
        }
    }

    [Fact]
    public void AcceptOnANonBlockingListenerWithNothingPendingWouldBlock()
    {
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback, SocketCreationFlags.NonBlocking);
        Assert.False(listener.TryAccept(out LinuxSocket? accepted));
        Assert.Null(accepted);
        Assert.True(RawDescriptor.IsWouldBlock(RawDescriptor.Accept(listener.Handle.DangerousGetDescriptor())));
    }

    [Fact]
    public void BindToAPortInUseGivesEaddrinuse()
    {
        using LinuxSocket first = Loopback.Listen(IPAddress.Loopback);
        using LinuxSocket second = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);

        ErrnoException e = Assert.Throws<ErrnoException>(() => second.Bind(first.LocalEndPoint!));

        Assert.Equal(Libc.EADDRINUSE, e.Errno);
        Assert.Equal("EADDRINUSE", e.ErrnoName);
        Assert.Equal("bind", e.Call);
    }

    [Fact]
    public void SendAfterThePeerClosedGivesEpipe()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        {
            second.Dispose();
            ErrnoException e = Assert.Throws<ErrnoException>(() => first.Send("x"u8, MessageFlags.NoSignal));
            Assert.Equal("EPIPE", e.ErrnoName);
            Assert.Equal("send", e.Call);
        }
    }

    [Fact]
    public void BadArgumentsAreClearExceptions()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        using EpollHandle epoll = EpollHandle.Create();

        Assert.Throws<ArgumentException>(() => socket.Bind(new DnsEndPoint("localhost", 80)));
        Assert.Throws<ArgumentNullException>(() => socket.Bind(null!));
        Assert.Throws<ArgumentException>(() => epoll.Wait(Span<EpollEvent>.Empty, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.TryReceiveMessage(new byte[1], out _, maxDescriptors: 254));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.TryWriteVector(new ReadOnlyMemory<byte>[1025], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Select.Wait(null, null, null, TimeSpan.FromSeconds(-1)));
        ErrnoException family = Assert.Throws<ErrnoException>(() => socket.Bind(new UnixDomainSocketEndPoint("/nonexistent/kiwi.sock")));
        Assert.Equal("bind", family.Call);
        ErrnoException notConnected = Assert.Throws<ErrnoException>(() => socket.RemoteEndPoint);
        Assert.Equal("ENOTCONN", notConnected.ErrnoName);
        ErrnoException badOption = Assert.Throws<ErrnoException>(() => socket.Options.SetInt32(Libc.SOL_SOCKET, -1, 1));
        Assert.Equal("setsockopt", badOption.Call);
    }

    [Fact]
    public void RawCallsOnABadDescriptorReturnNegativeErrno()
    {
        byte[] buffer = new byte[4];
        Assert.Equal(-Libc.EBADF, RawDescriptor.Read(-1, buffer));
        Assert.Equal(-Libc.EBADF, RawDescriptor.Write(-1, buffer));
        Assert.Equal(-Libc.EBADF, RawDescriptor.Receive(-1, buffer));
        Assert.Equal(-Libc.EBADF, RawDescriptor.Send(-1, buffer));
        Assert.Equal(-Libc.EBADF, RawDescriptor.Accept(-1));
        Assert.Equal(-Libc.EBADF, RawDescriptor.EpollWait(-1, new EpollEvent[1], 0));
    }
}
