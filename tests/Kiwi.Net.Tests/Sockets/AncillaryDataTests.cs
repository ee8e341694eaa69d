using System;
using System.Net;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>Typed ancillary data on real UDP sockets over 127.0.0.1 and ::1: timestamps, packet info, TOS/TTL,
/// queued ICMP errors, per-datagram send values and GSO/GRO.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class AncillaryDataTests : IClassFixture<DescriptorLeakCheck>
{
    public static TheoryData<string> Loopbacks => new() { "127.0.0.1", "::1" };

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public void TimestampIsTheKernelReceiveTime(string address)
    {
        using var pair = new UdpPair(address);
        pair.Receiver.Options.ReceiveTimestamps = true;
        Assert.True(pair.Receiver.Options.ReceiveTimestamps);
        DateTimeOffset before = DateTimeOffset.UtcNow;

        pair.Send("t"u8);
        ReceivedMessage message = Loopback.ReceiveMessage(pair.Receiver, new byte[16]);

        DateTimeOffset stamp = message.Timestamp!.Value.ToDateTimeOffset();
        Assert.InRange(stamp, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.InRange(message.Timestamp.Value.Nanoseconds, 0, 999_999_999);
    }

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public void PacketInfoNamesTheDestinationAndTheLoopbackInterface(string address)
    {
        IPAddress ip = IPAddress.Parse(address);
        // Bound to the wildcard address: only packet info tells which local address a datagram was sent to.
        using LinuxSocket receiver = Loopback.Udp(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        receiver.Options.ReceivePacketInfo = true;
        Assert.True(receiver.Options.ReceivePacketInfo);
        using LinuxSocket sender = LinuxSocket.Create(SocketDomains.Of(ip), SocketKind.Datagram);

        sender.SendTo("p"u8, new IPEndPoint(ip, ((IPEndPoint)receiver.LocalEndPoint!).Port));
        ReceivedMessage message = Loopback.ReceiveMessage(receiver, new byte[16]);

        Assert.Equal(new PacketInfo(ip, NetworkInterfaceIndex.Of("lo")), message.PacketInfo);
    }

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public void TypeOfServiceAndTimeToLiveSetOnTheSenderArriveAtTheReceiver(string address)
    {
        using var pair = new UdpPair(address);
        pair.Sender.Options.TypeOfService = 0x28;
        pair.Sender.Options.TimeToLive = 33;
        Assert.Equal(0x28, pair.Sender.Options.TypeOfService);
        Assert.Equal(33, pair.Sender.Options.TimeToLive);
        pair.Receiver.Options.ReceiveTypeOfService = true;
        pair.Receiver.Options.ReceiveTimeToLive = true;
        Assert.True(pair.Receiver.Options.ReceiveTypeOfService && pair.Receiver.Options.ReceiveTimeToLive);

        pair.Send("q"u8);
        ReceivedMessage message = Loopback.ReceiveMessage(pair.Receiver, new byte[16]);

        Assert.Equal(0x28, message.TypeOfService);
        Assert.Equal(33, message.TimeToLive);
    }

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public void PerDatagramControlOverridesTheSocketOptions(string address)
    {
        using var pair = new UdpPair(address);
        pair.Receiver.Options.ReceiveTypeOfService = true;
        pair.Receiver.Options.ReceiveTimeToLive = true;
        pair.Receiver.Options.ReceivePacketInfo = true;
        IPAddress ip = IPAddress.Parse(address);

        var control = new DatagramControl { TimeToLive = 7, TypeOfService = 0x10, PacketInfo = new PacketInfo(ip, 0) };
        pair.Sender.SendMessage("c"u8, destination: pair.Receiver.LocalEndPoint, control: control);
        ReceivedMessage message = Loopback.ReceiveMessage(pair.Receiver, new byte[16]);

        Assert.Equal(7, message.TimeToLive);
        Assert.Equal(0x10, message.TypeOfService);
        Assert.Equal(ip, ((IPEndPoint)message.RemoteEndPoint!).Address);
    }

    [Theory]
    [InlineData("127.0.0.1", ExtendedErrorOrigin.Icmp, 3, 3)]
    [InlineData("::1", ExtendedErrorOrigin.Icmp6, 1, 4)]
    public void PortUnreachableComesBackAsAnExtendedError(string address, ExtendedErrorOrigin origin, int type, int code)
    {
        IPAddress ip = IPAddress.Parse(address);
        IPEndPoint closed;
        using (LinuxSocket probe = Loopback.Udp(ip))
        {
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }
        using LinuxSocket socket = LinuxSocket.Create(SocketDomains.Of(ip), SocketKind.Datagram);
        socket.Options.ReceiveErrors = true;
        Assert.True(socket.Options.ReceiveErrors);
        socket.Connect(closed);

        socket.Send("nobody"u8);
        ReceivedMessage message = Loopback.ReceiveMessage(socket, new byte[64], MessageFlags.ErrorQueue);

        Assert.True(message.Flags.HasFlag(MessageFlags.ErrorQueue));
        SocketExtendedError error = message.ExtendedError!;
        Assert.Equal(Libc.ECONNREFUSED, error.Errno);
        Assert.Equal("ECONNREFUSED", error.ErrnoName);
        Assert.Equal(origin, error.Origin);
        Assert.Equal(type, error.Type);
        Assert.Equal(code, error.Code);
        Assert.Equal(ip, ((IPEndPoint)error.Offender!).Address);
        // The queued error carries the original datagram back.
        Assert.Equal(6, message.BytesReceived);
    }

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public void SegmentationOffloadSplitsOneSendIntoDatagrams(string address)
    {
        using var pair = new UdpPair(address);
        pair.Sender.Options.UdpSegmentSize = 1000;
        Assert.Equal(1000, pair.Sender.Options.UdpSegmentSize);

        pair.Send(new byte[2500]);

        byte[] buffer = new byte[4096];
        Assert.Equal(1000, Loopback.ReceiveMessage(pair.Receiver, buffer).BytesReceived);
        Assert.Equal(1000, Loopback.ReceiveMessage(pair.Receiver, buffer).BytesReceived);
        Assert.Equal(500, Loopback.ReceiveMessage(pair.Receiver, buffer).BytesReceived);
    }

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public void ReceiveOffloadHandsCoalescedDatagramsOverWithTheirSegmentSize(string address)
    {
        using var pair = new UdpPair(address);
        pair.Receiver.Options.UdpGroReceive = true;
        Assert.True(pair.Receiver.Options.UdpGroReceive);

        // One GSO send of four 1000-byte segments: with UDP_GRO on, loopback delivers it whole with UDP_GRO's size.
        pair.Sender.SendMessage(new byte[4000], destination: pair.Receiver.LocalEndPoint, control: new DatagramControl { SegmentSize = 1000 });
        ReceivedMessage message = Loopback.ReceiveMessage(pair.Receiver, new byte[65536]);

        Assert.Equal(4000, message.BytesReceived);
        Assert.Equal(1000, message.SegmentSize);
    }

    [Fact]
    public void FlagsDoNotReportTheCloseOnExecFlagTheLibraryPasses()
    {
        (LinuxSocket left, LinuxSocket right) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (left)
        using (right)
        {
            left.SendMessage("d"u8, new[] { (FileDescriptorHandle)left.Handle });
            ReceivedMessage message = right.ReceiveMessage(new byte[4]);
            foreach (FileDescriptorHandle handle in message.Descriptors)
            {
                handle.Dispose();
            }

            Assert.Equal(MessageFlags.None, message.Flags);
        }
    }

    [Fact]
    public void SegmentSizeOutOfRangeIsAnArgumentError()
    {
        using var pair = new UdpPair("127.0.0.1");
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            pair.Sender.SendMessage("x"u8, destination: pair.Receiver.LocalEndPoint, control: new DatagramControl { SegmentSize = 70000 }));
    }

    /// <summary>A bound receiver and an unbound sender on one loopback address.</summary>
    private sealed class UdpPair : IDisposable
    {
        public UdpPair(string address)
        {
            IPAddress ip = IPAddress.Parse(address);
            Receiver = Loopback.Udp(ip);
            Sender = LinuxSocket.Create(SocketDomains.Of(ip), SocketKind.Datagram);
        }

        public LinuxSocket Receiver { get; }

        public LinuxSocket Sender { get; }

        public void Send(ReadOnlySpan<byte> data) => Sender.SendTo(data, Receiver.LocalEndPoint!);

        public void Dispose()
        {
            Receiver.Dispose();
            Sender.Dispose();
        }
    }
}
