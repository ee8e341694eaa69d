using System;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>The TCP options a connection negotiated (<c>tcpi_options</c>, <c>TCPI_OPT_*</c>).</summary>
[Flags]
public enum TcpInfoOptions
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><c>TCPI_OPT_TIMESTAMPS</c>.</summary>
    Timestamps = Libc.TCPI_OPT_TIMESTAMPS,

    /// <summary><c>TCPI_OPT_SACK</c>.</summary>
    SelectiveAck = Libc.TCPI_OPT_SACK,

    /// <summary><c>TCPI_OPT_WSCALE</c>.</summary>
    WindowScale = Libc.TCPI_OPT_WSCALE,

    /// <summary><c>TCPI_OPT_ECN</c>: explicit congestion notification negotiated.</summary>
    Ecn = Libc.TCPI_OPT_ECN,

    /// <summary><c>TCPI_OPT_ECN_SEEN</c>: at least one ECN-marked packet was received.</summary>
    EcnSeen = Libc.TCPI_OPT_ECN_SEEN,

    /// <summary><c>TCPI_OPT_SYN_DATA</c>: the SYN carried data (TCP Fast Open).</summary>
    SynData = Libc.TCPI_OPT_SYN_DATA,
}
