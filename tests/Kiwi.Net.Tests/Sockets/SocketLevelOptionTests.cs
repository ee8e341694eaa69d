using System.Net;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>SO_BINDTODEVICE, SO_MARK, SO_BUSY_POLL, SO_INCOMING_CPU, SO_RCVLOWAT on real sockets.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SocketLevelOptionTests : IClassFixture<DescriptorLeakCheck>
{
    private static bool IsRoot => Libc.getuid() == 0;

    [Fact]
    public void BindToDeviceBindsToLoopbackAndUnbinds()
    {
        using LinuxSocket socket = Loopback.Udp(IPAddress.Loopback);
        Assert.Equal("", socket.Options.BindToDevice);

        socket.Options.BindToDevice = "lo";
        Assert.Equal("lo", socket.Options.BindToDevice);

        // Still reachable over lo.
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        sender.SendTo("x"u8, socket.LocalEndPoint!);
        Loopback.AssertReady(socket, PollEvents.In);

        socket.Options.BindToDevice = null;
        Assert.Equal("", socket.Options.BindToDevice);
    }

    [Fact]
    public void BindToAnUnknownDeviceIsENODEV()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        var error = Assert.Throws<ErrnoException>(() => socket.Options.BindToDevice = "kiwi-none0");
        Assert.Equal("setsockopt", error.Call);
        Assert.Equal("ENODEV", error.ErrnoName);
    }

    [Fact]
    public void MarkNeedsCapNetAdminAndRoundTripsWithIt()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        Assert.Equal(0u, socket.Options.Mark);
        if (IsRoot)
        {
            socket.Options.Mark = 0xC0FFEE;
            Assert.Equal(0xC0FFEEu, socket.Options.Mark);
        }
        else
        {
            var error = Assert.Throws<ErrnoException>(() => socket.Options.Mark = 0xC0FFEE);
            Assert.Equal("EPERM", error.ErrnoName);
        }
    }

    [Fact]
    public void BusyPollRoundTrips()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        // Lowering (or keeping) the value needs no privilege; 0 is the default.
        socket.Options.BusyPollMicroseconds = 0;
        Assert.Equal(0, socket.Options.BusyPollMicroseconds);
        if (IsRoot)
        {
            socket.Options.BusyPollMicroseconds = 50;
            Assert.Equal(50, socket.Options.BusyPollMicroseconds);
        }
    }

    [Fact]
    public void IncomingCpuIsKnownAfterATcpSegmentArrives()
    {
        (LinuxSocket client, LinuxSocket server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        {
            client.SendAll("x"u8);
            Loopback.ReceiveExactly(server, 1);

            Assert.InRange(server.Options.IncomingCpu, 0, 4095);
        }
    }

    [Fact]
    public void IncomingCpuCanBeSetForReusePortSteering()
    {
        using LinuxSocket listener = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        listener.Options.IncomingCpu = 0;
        Assert.Equal(0, listener.Options.IncomingCpu);
    }

    [Fact]
    public void ReceiveLowWatermarkHoldsReadinessBackUntilEnoughBytes()
    {
        (LinuxSocket client, LinuxSocket server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        {
            server.Options.ReceiveLowWatermark = 4;
            Assert.Equal(4, server.Options.ReceiveLowWatermark);

            client.SendAll("ab"u8);
            Assert.Equal(PollEvents.None, RawDescriptor.WaitFor(server.Handle.DangerousGetDescriptor(), PollEvents.In, 0));

            client.SendAll("cd"u8);
            Loopback.AssertReady(server, PollEvents.In);
            Assert.Equal("abcd"u8.ToArray(), Loopback.ReceiveExactly(server, 4));
        }
    }
}
