using System;
using Kiwi.Interop;

namespace Kiwi.Net;

public sealed partial class SocketOptions
{
    /// <summary><c>TCP_CORK</c>: hold partial segments back until uncorked (or 200 ms pass), to send headers and body
    /// in full segments.</summary>
    public bool Cork
    {
        get => GetInt32(Libc.IPPROTO_TCP, Libc.TCP_CORK) != 0;
        set => SetInt32(Libc.IPPROTO_TCP, Libc.TCP_CORK, value ? 1 : 0);
    }

    /// <summary><c>TCP_USER_TIMEOUT</c>: milliseconds sent data may stay unacknowledged before the connection is
    /// dropped with <c>ETIMEDOUT</c> (0: the kernel's default).</summary>
    public int UserTimeoutMilliseconds
    {
        get => GetInt32(Libc.IPPROTO_TCP, Libc.TCP_USER_TIMEOUT);
        set => SetInt32(Libc.IPPROTO_TCP, Libc.TCP_USER_TIMEOUT, value);
    }

    /// <summary><c>TCP_FASTOPEN</c> on a listener: the queue length of pending TCP Fast Open requests; &gt; 0 lets
    /// clients send data in the SYN (subject to <c>net.ipv4.tcp_fastopen</c>).</summary>
    public int FastOpenQueueLength
    {
        get => GetInt32(Libc.IPPROTO_TCP, Libc.TCP_FASTOPEN);
        set => SetInt32(Libc.IPPROTO_TCP, Libc.TCP_FASTOPEN, value);
    }

    /// <summary><c>TCP_FASTOPEN_CONNECT</c> on a client: <c>connect</c> returns at once and the first
    /// <c>send</c> goes out in the SYN when the client holds a Fast Open cookie for the server.</summary>
    public bool FastOpenConnect
    {
        get => GetInt32(Libc.IPPROTO_TCP, Libc.TCP_FASTOPEN_CONNECT) != 0;
        set => SetInt32(Libc.IPPROTO_TCP, Libc.TCP_FASTOPEN_CONNECT, value ? 1 : 0);
    }

    /// <summary><c>TCP_INFO</c> (<c>struct tcp_info</c>): the connection's state, round-trip time, window and
    /// retransmission counters, read at this moment.</summary>
    public unsafe TcpInfo TcpInfo
    {
        get
        {
            tcp_info value = default;
            Get(Libc.IPPROTO_TCP, Libc.TCP_INFO, new Span<byte>(&value, sizeof(tcp_info)));
            return TcpInfo.FromNative(value);
        }
    }
}
