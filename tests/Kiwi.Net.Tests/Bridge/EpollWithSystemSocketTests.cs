using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kiwi.Net.Bridge;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Bridge;

/// <summary>A System.Net.Sockets socket in a Kiwi epoll set and under LinuxSocket calls: borrowed, adopted, or by
/// its SafeHandle alone; and the blocking-mode trap of a .NET-accepted socket.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class EpollWithSystemSocketTests : IClassFixture<DotNetSocketsLeakCheck>
{
    private const ulong Token = 0x5EED_0000_0000_0042;

    [Fact]
    public void BorrowedDotNetSocketIsBlockingUntilDotNetMakesItNonBlocking()
    {
        using Socket listener = ListenOnLoopback();
        using Socket client = ConnectTo(listener);
        using Socket accepted = listener.Accept();
        using LinuxSocket view = accepted.BorrowAsLinuxSocket();

        // The trap: .NET accepted it blocking, so TryReceive here would block the thread rather than say EAGAIN.
        Assert.False(view.IsNonBlocking);
        accepted.Blocking = false;
        Assert.True(view.IsNonBlocking);
        Assert.False(view.TryReceive(new byte[16], out _));
    }

    [Fact]
    public void BorrowedDotNetSocketJoinsAKiwiEpollSetAndStaysUsableFromDotNet()
    {
        using Socket listener = ListenOnLoopback();
        using Socket client = ConnectTo(listener);
        using Socket accepted = listener.Accept();
        accepted.Blocking = false;
        using LinuxSocket view = accepted.BorrowAsLinuxSocket();
        using EpollHandle epoll = EpollHandle.Create();
        epoll.Add(view.Handle, EpollEvents.In | EpollEvents.EdgeTriggered, Token);

        client.Send("from .NET"u8);

        Assert.Equal("from .NET", ReadWhenReady(epoll, view));
        view.SendAll("from Kiwi"u8);
        Assert.Equal("from Kiwi", ReceiveText(client, 9));
        epoll.Delete(view.Handle);
        view.Dispose();
        // The view closed nothing: the .NET socket still talks.
        accepted.Blocking = true;
        accepted.Send("still here"u8);
        Assert.Equal("still here", ReceiveText(client, 10));
    }

    [Fact]
    public void AdoptedDotNetSocketJoinsAKiwiEpollSet()
    {
        using Socket listener = ListenOnLoopback();
        using Socket client = ConnectTo(listener);
        Socket accepted = listener.Accept();

        using LinuxSocket adopted = accepted.AdoptAsLinuxSocket();
        adopted.IsNonBlocking = true;
        using EpollHandle epoll = EpollHandle.Create();
        epoll.Add(adopted.Handle, EpollEvents.In, Token);
        client.Send("adopted"u8);

        Assert.Throws<ObjectDisposedException>(() => accepted.Send(new byte[1]));
        Assert.Equal("adopted", ReadWhenReady(epoll, adopted));
        adopted.SendAll("owned by Kiwi"u8);
        Assert.Equal("owned by Kiwi", ReceiveText(client, 13));
    }

    [Fact]
    public void DotNetSafeHandleGoesIntoAnEpollSetWithoutTheBridge()
    {
        using Socket listener = ListenOnLoopback();
        using Socket client = ConnectTo(listener);
        using Socket accepted = listener.Accept();
        using EpollHandle epoll = EpollHandle.Create();
        epoll.Add(accepted.SafeHandle, EpollEvents.In, Token);
        client.Send("x"u8);

        Span<EpollEvent> events = stackalloc EpollEvent[4];
        int count = epoll.Wait(events, Loopback.WaitMs);

        Assert.Equal(1, count);
        Assert.Equal(Token, events[0].Token);
        Assert.True(events[0].Events.HasFlag(EpollEvents.In));
    }

    private static string ReadWhenReady(EpollHandle epoll, LinuxSocket socket)
    {
        Span<EpollEvent> events = stackalloc EpollEvent[4];
        int count = epoll.Wait(events, Loopback.WaitMs);
        Assert.Equal(1, count);
        Assert.Equal(Token, events[0].Token);
        Assert.True(events[0].Events.HasFlag(EpollEvents.In));
        byte[] buffer = new byte[64];
        Assert.True(socket.TryReceive(buffer, out int received));
        // Drained: a non-blocking socket answers EAGAIN (false) instead of waiting.
        Assert.False(socket.TryReceive(buffer.AsSpan(received), out _));
        return Encoding.ASCII.GetString(buffer, 0, received);
    }

    private static Socket ListenOnLoopback()
    {
        Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        return listener;
    }

    private static Socket ConnectTo(Socket listener)
    {
        Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = Loopback.WaitMs };
        client.Connect(listener.LocalEndPoint!);
        return client;
    }

    private static string ReceiveText(Socket socket, int length)
    {
        byte[] buffer = new byte[length];
        int filled = 0;
        while (filled < length)
        {
            int n = socket.Receive(buffer, filled, length - filled, SocketFlags.None);
            Assert.True(n > 0, $"end of stream after {filled} of {length} bytes");
            filled += n;
        }
        return Encoding.ASCII.GetString(buffer);
    }
}
