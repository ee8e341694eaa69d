using System.Net;

namespace Kiwi.Net;

/// <summary>
/// An error from the socket's error queue (<c>IP_RECVERR</c>/<c>IPV6_RECVERR</c> control message, a
/// <c>struct sock_extended_err</c> followed by the offender's address), read with <see cref="MessageFlags.ErrorQueue"/>:
/// e.g. the ICMP "port unreachable" a UDP datagram provoked.
/// </summary>
/// <param name="Errno">The error (<c>ee_errno</c>), e.g. <c>ECONNREFUSED</c> for port unreachable.</param>
/// <param name="Origin">Where it came from (<c>ee_origin</c>).</param>
/// <param name="Type">The ICMP type (<c>ee_type</c>) when <paramref name="Origin"/> is ICMP.</param>
/// <param name="Code">The ICMP code (<c>ee_code</c>).</param>
/// <param name="Info">Extra information (<c>ee_info</c>), e.g. the MTU for "fragmentation needed".</param>
/// <param name="Data">Origin-specific data (<c>ee_data</c>).</param>
/// <param name="Offender">The host that reported the error (<c>SO_EE_OFFENDER</c>), when known.</param>
public sealed record SocketExtendedError(int Errno, ExtendedErrorOrigin Origin, int Type, int Code, uint Info, uint Data, EndPoint? Offender)
{
    /// <summary>The symbolic name of <see cref="Errno"/> (<c>"ECONNREFUSED"</c>).</summary>
    public string ErrnoName => ErrnoException.NameOf(Errno);
}
