using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>Which direction <c>shutdown(2)</c> closes.</summary>
public enum ShutdownHow
{
    /// <summary><c>SHUT_RD</c>: no more receptions.</summary>
    Read = Libc.SHUT_RD,

    /// <summary><c>SHUT_WR</c>: no more transmissions; the peer reads end of file (a half-close).</summary>
    Write = Libc.SHUT_WR,

    /// <summary><c>SHUT_RDWR</c>: both.</summary>
    Both = Libc.SHUT_RDWR,
}
