using System;
using System.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Tests.Support;

/// <summary>Connected sockets on loopback and small bounded waits, for the tests.</summary>
internal static class Loopback
{
    /// <summary>The longest any test waits for something that should happen at once.</summary>
    public const int WaitMs = 5000;

    /// <summary>A listening TCP socket on <paramref name="address"/> with a kernel-chosen port.</summary>
    public static LinuxSocket Listen(IPAddress address, SocketCreationFlags flags = SocketCreationFlags.CloseOnExec)
    {
        LinuxSocket listener = LinuxSocket.Create(SocketDomains.Of(address), SocketKind.Stream, flags);
        try
        {
            listener.Bind(new IPEndPoint(address, 0));
            listener.Listen(16);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>A connected TCP pair over <paramref name="address"/>: (client, accepted server side).</summary>
    public static (LinuxSocket Client, LinuxSocket Server) TcpPair(IPAddress address)
    {
        using LinuxSocket listener = Listen(address);
        LinuxSocket client = LinuxSocket.Create(SocketDomains.Of(address), SocketKind.Stream);
        try
        {
            client.Connect(listener.LocalEndPoint!);
            AssertReady(listener, PollEvents.In);
            return (client, listener.Accept());
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Fails unless <paramref name="socket"/> reports one of <paramref name="events"/> within <see cref="WaitMs"/>.</summary>
    public static PollEvents AssertReady(LinuxSocket socket, PollEvents events)
    {
        PollEvents ready = RawDescriptor.WaitFor(socket.Handle.DangerousGetDescriptor(), events, WaitMs);
        Assert.True((ready & events) != 0, $"expected {events} within {WaitMs} ms, got {ready}");
        return ready;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, each read bounded by <see cref="WaitMs"/>.</summary>
    public static byte[] ReceiveExactly(LinuxSocket socket, int count)
    {
        byte[] data = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            AssertReady(socket, PollEvents.In);
            int n = socket.Receive(data.AsSpan(filled));
            Assert.True(n > 0, $"end of stream after {filled} of {count} bytes");
            filled += n;
        }
        return data;
    }

    /// <summary>A UDP socket bound to <paramref name="address"/> with a kernel-chosen port.</summary>
    public static LinuxSocket Udp(IPAddress address, SocketCreationFlags flags = SocketCreationFlags.CloseOnExec)
    {
        LinuxSocket socket = LinuxSocket.Create(SocketDomains.Of(address), SocketKind.Datagram, flags);
        try
        {
            socket.Bind(new IPEndPoint(address, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Receives one message, waiting at most <see cref="WaitMs"/> for it.</summary>
    public static ReceivedMessage ReceiveMessage(LinuxSocket socket, Span<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        AssertReady(socket, (flags & MessageFlags.ErrorQueue) != 0 ? PollEvents.Error : PollEvents.In);
        return socket.ReceiveMessage(buffer, flags: flags);
    }
}
