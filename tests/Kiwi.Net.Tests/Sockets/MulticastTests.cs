using System;
using System.IO;
using System.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>Multicast over the loopback interface: join/leave by index and by address, TTL, loop and interface
/// options. IPv4 delivery is checked end to end; IPv6 membership is checked in /proc/net/igmp6, since lo carries no
/// IPv6 multicast route unless one is added.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class MulticastTests : IClassFixture<DescriptorLeakCheck>
{
    private static readonly IPAddress Group = IPAddress.Parse("239.255.77.1");

    [Fact]
    public void ReceiverJoinedByInterfaceIndexGetsTheGroupsDatagramsUntilItLeaves()
    {
        int lo = NetworkInterfaceIndex.Of("lo");
        using LinuxSocket receiver = Loopback.Udp(IPAddress.Any);
        int port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
        receiver.JoinMulticastGroup(Group, lo);
        using LinuxSocket sender = MulticastSender(lo);

        sender.SendTo("to the group"u8, new IPEndPoint(Group, port));
        byte[] buffer = new byte[64];
        ReceivedMessage message = Loopback.ReceiveMessage(receiver, buffer);
        Assert.Equal("to the group"u8.ToArray(), buffer[..message.BytesReceived]);

        receiver.LeaveMulticastGroup(Group, lo);
        // After leaving, the group's datagram is not delivered: the next datagram to arrive is the unicast marker.
        sender.SendTo("after leaving"u8, new IPEndPoint(Group, port));
        sender.SendTo("marker"u8, new IPEndPoint(IPAddress.Loopback, port));
        message = Loopback.ReceiveMessage(receiver, buffer);
        Assert.Equal("marker"u8.ToArray(), buffer[..message.BytesReceived]);
    }

    [Fact]
    public void ReceiverJoinedByLocalAddressGetsTheGroupsDatagrams()
    {
        using LinuxSocket receiver = Loopback.Udp(IPAddress.Any);
        int port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
        receiver.JoinMulticastGroup(Group, IPAddress.Loopback);
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        sender.Options.SetMulticastInterface(IPAddress.Loopback);
        Assert.Equal(IPAddress.Loopback, sender.Options.MulticastInterfaceAddress);

        sender.SendTo("by address"u8, new IPEndPoint(Group, port));
        byte[] buffer = new byte[64];
        ReceivedMessage message = Loopback.ReceiveMessage(receiver, buffer);

        Assert.Equal("by address"u8.ToArray(), buffer[..message.BytesReceived]);
        receiver.LeaveMulticastGroup(Group, IPAddress.Loopback);
    }

    [Fact]
    public void TimeToLiveHopsAndLoopRoundTrip()
    {
        using LinuxSocket v4 = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        using LinuxSocket v6 = LinuxSocket.Create(SocketDomain.Inet6, SocketKind.Datagram);
        v4.Options.MulticastTimeToLive = 4;
        v6.Options.MulticastTimeToLive = 5;
        v4.Options.MulticastLoopback = false;
        v6.Options.MulticastLoopback = false;

        Assert.Equal(4, v4.Options.MulticastTimeToLive);
        Assert.Equal(5, v6.Options.MulticastTimeToLive);
        // IP_MULTICAST_LOOP governs the copy looped back from a real interface; sent out of lo itself, a datagram
        // comes back in through lo whatever the option says, so only the round trip is checked here.
        Assert.False(v4.Options.MulticastLoopback);
        Assert.False(v6.Options.MulticastLoopback);
    }

    [Fact]
    public void Ipv6JoinAndLeaveOnLoopbackChangeTheKernelsMembership()
    {
        int lo = NetworkInterfaceIndex.Of("lo");
        IPAddress group = IPAddress.Parse("ff02::4b:1");
        using LinuxSocket socket = Loopback.Udp(IPAddress.IPv6Any);
        socket.Options.SetMulticastInterface(lo);
        Assert.Equal(lo, socket.Options.MulticastInterfaceIndex);

        socket.JoinMulticastGroup(group, lo);
        Assert.True(IsMemberOnLoopback("ff0200000000000000000000004b0001"));

        socket.LeaveMulticastGroup(group, lo);
        Assert.False(IsMemberOnLoopback("ff0200000000000000000000004b0001"));
    }

    [Fact]
    public void NonMulticastAddressesAreRefusedBeforeAnyCall()
    {
        using LinuxSocket socket = Loopback.Udp(IPAddress.Any);
        Assert.Throws<ArgumentException>(() => socket.JoinMulticastGroup(IPAddress.Loopback, 0));
        Assert.Throws<ArgumentException>(() => socket.JoinMulticastGroup(Group, IPAddress.IPv6Loopback));
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.JoinMulticastGroup(Group, -1));
    }

    [Fact]
    public void LeavingAGroupNeverJoinedIsEADDRNOTAVAIL()
    {
        using LinuxSocket socket = Loopback.Udp(IPAddress.Any);
        var error = Assert.Throws<ErrnoException>(() => socket.LeaveMulticastGroup(Group, NetworkInterfaceIndex.Of("lo")));
        Assert.Equal("EADDRNOTAVAIL", error.ErrnoName);
    }

    private static LinuxSocket MulticastSender(int interfaceIndex)
    {
        LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        sender.Options.SetMulticastInterface(interfaceIndex);
        sender.Options.MulticastTimeToLive = 1;
        sender.Options.MulticastLoopback = true;
        return sender;
    }

    private static bool IsMemberOnLoopback(string hexGroup)
    {
        foreach (string line in File.ReadAllLines("/proc/net/igmp6"))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 2 && fields[1] == "lo" && fields[2] == hexGroup)
            {
                return true;
            }
        }
        return false;
    }
}
