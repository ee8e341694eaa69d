using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>Where a queued error came from (<c>ee_origin</c>, <c>SO_EE_ORIGIN_*</c>).</summary>
public enum ExtendedErrorOrigin
{
    /// <summary><c>SO_EE_ORIGIN_NONE</c>.</summary>
    None = Libc.SO_EE_ORIGIN_NONE,

    /// <summary><c>SO_EE_ORIGIN_LOCAL</c>: raised by this host (e.g. a message larger than the path MTU).</summary>
    Local = Libc.SO_EE_ORIGIN_LOCAL,

    /// <summary><c>SO_EE_ORIGIN_ICMP</c>: an ICMP error came back (type and code in <see cref="SocketExtendedError"/>).</summary>
    Icmp = Libc.SO_EE_ORIGIN_ICMP,

    /// <summary><c>SO_EE_ORIGIN_ICMP6</c>: an ICMPv6 error came back.</summary>
    Icmp6 = Libc.SO_EE_ORIGIN_ICMP6,

    /// <summary><c>SO_EE_ORIGIN_TXSTATUS</c>: a transmit timestamp or status.</summary>
    TransmitStatus = Libc.SO_EE_ORIGIN_TXSTATUS,

    /// <summary><c>SO_EE_ORIGIN_ZEROCOPY</c>: a <c>MSG_ZEROCOPY</c> completion.</summary>
    ZeroCopy = Libc.SO_EE_ORIGIN_ZEROCOPY,

    /// <summary><c>SO_EE_ORIGIN_TXTIME</c>: a <c>SO_TXTIME</c> deadline was missed.</summary>
    TransmitTime = Libc.SO_EE_ORIGIN_TXTIME,
}
