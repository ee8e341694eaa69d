using System.Net;

namespace Kiwi.Net;

/// <summary>
/// <c>IP_PKTINFO</c> (<c>struct in_pktinfo</c>) or <c>IPV6_PKTINFO</c> (<c>struct in6_pktinfo</c>). Received
/// (<see cref="ReceivedMessage.PacketInfo"/>): the address the datagram was sent to and the interface it arrived on.
/// Sent (<see cref="DatagramControl.PacketInfo"/>): the source address and/or interface to send from.
/// </summary>
/// <param name="Address">Received: the destination address in the packet's header (<c>ipi_addr</c>/<c>ipi6_addr</c>).
/// Sent: the source address to use (<c>ipi_spec_dst</c>/<c>ipi6_addr</c>), or <see cref="IPAddress.Any"/> /
/// <see cref="IPAddress.IPv6Any"/> to let routing choose.</param>
/// <param name="InterfaceIndex">The interface (<c>ipi_ifindex</c>/<c>ipi6_ifindex</c>); 0 for any.</param>
public readonly record struct PacketInfo(IPAddress Address, int InterfaceIndex);
