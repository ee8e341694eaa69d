using System.Net;

namespace Kiwi.Net;

public sealed partial class LinuxSocket
{
    /// <summary>Joins multicast group <paramref name="group"/> on one interface (<c>setsockopt(MCAST_JOIN_GROUP)</c>
    /// with a <c>struct group_req</c>): datagrams sent to the group and the socket's port are received.</summary>
    /// <param name="group">An IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address.</param>
    /// <param name="interfaceIndex">The interface (<see cref="NetworkInterfaceIndex.Of"/>); 0 lets routing choose.</param>
    public void JoinMulticastGroup(IPAddress group, int interfaceIndex = 0) => Options.ChangeMembership(group, interfaceIndex, join: true);

    /// <summary>Joins IPv4 multicast group <paramref name="group"/> on the interface that has
    /// <paramref name="localAddress"/> (<c>setsockopt(IP_ADD_MEMBERSHIP)</c> with a <c>struct ip_mreqn</c>).</summary>
    /// <param name="group">An IPv4 multicast address.</param>
    /// <param name="localAddress">An IPv4 address of this host; <see cref="IPAddress.Any"/> lets routing choose.</param>
    public void JoinMulticastGroup(IPAddress group, IPAddress localAddress) => Options.ChangeMembership(group, localAddress, join: true);

    /// <summary>Leaves a group joined with <see cref="JoinMulticastGroup(IPAddress, int)"/>
    /// (<c>setsockopt(MCAST_LEAVE_GROUP)</c>).</summary>
    /// <param name="group">The multicast address.</param>
    /// <param name="interfaceIndex">The interface it was joined on.</param>
    public void LeaveMulticastGroup(IPAddress group, int interfaceIndex = 0) => Options.ChangeMembership(group, interfaceIndex, join: false);

    /// <summary>Leaves a group joined with <see cref="JoinMulticastGroup(IPAddress, IPAddress)"/>
    /// (<c>setsockopt(IP_DROP_MEMBERSHIP)</c>).</summary>
    /// <param name="group">The IPv4 multicast address.</param>
    /// <param name="localAddress">The local address it was joined with.</param>
    public void LeaveMulticastGroup(IPAddress group, IPAddress localAddress) => Options.ChangeMembership(group, localAddress, join: false);
}
