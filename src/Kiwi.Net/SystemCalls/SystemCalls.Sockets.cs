using System.Runtime.CompilerServices;
using Kiwi.Interop;

namespace Kiwi.Net;

// The BSD socket calls, the CMSG_* macros and the ids credentials carry.
internal static unsafe partial class SystemCalls
{
    /// <summary><c>socket(2)</c>: the new descriptor or <c>-errno</c>.</summary>
    public static int Socket(int domain, int type, int protocol) => Result(Libc.socket(domain, type, protocol));

    /// <summary><c>socketpair(2)</c> into <paramref name="descriptors"/>[0..1]: 0 or <c>-errno</c>.</summary>
    public static int SocketPair(int domain, int type, int protocol, int* descriptors) => Result(Libc.socketpair(domain, type, protocol, descriptors));

    /// <summary><c>bind(2)</c>: 0 or <c>-errno</c>.</summary>
    public static int Bind(int fd, sockaddr* address, uint length) => Result(Libc.bind(fd, address, length));

    /// <summary><c>listen(2)</c>: 0 or <c>-errno</c>.</summary>
    public static int Listen(int fd, int backlog) => Result(Libc.listen(fd, backlog));

    /// <summary><c>accept4(2)</c> (<c>kiwi_accept4</c>): the new descriptor or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Accept4(int fd, sockaddr* address, uint* length, int flags) => KiwiShim.kiwi_accept4(fd, address, length, flags);

    /// <summary><c>connect(2)</c> (<c>kiwi_connect</c>): 0, <c>-EINPROGRESS</c> (also after a signal), or <c>-errno</c>.</summary>
    public static int Connect(int fd, sockaddr* address, uint length) => KiwiShim.kiwi_connect(fd, address, length);

    /// <summary><c>shutdown(2)</c>: 0 or <c>-errno</c>.</summary>
    public static int Shutdown(int fd, int how) => Result(Libc.shutdown(fd, how));

    /// <summary><c>getsockname(2)</c>: 0 or <c>-errno</c>.</summary>
    public static int GetSockName(int fd, sockaddr* address, uint* length) => Result(Libc.getsockname(fd, address, length));

    /// <summary><c>getpeername(2)</c>: 0 or <c>-errno</c>.</summary>
    public static int GetPeerName(int fd, sockaddr* address, uint* length) => Result(Libc.getpeername(fd, address, length));

    /// <summary><c>getsockopt(2)</c>: 0 or <c>-errno</c>.</summary>
    public static int GetSockOpt(int fd, int level, int name, void* value, uint* length) => Result(Libc.getsockopt(fd, level, name, value, length));

    /// <summary><c>setsockopt(2)</c>: 0 or <c>-errno</c>.</summary>
    public static int SetSockOpt(int fd, int level, int name, void* value, uint length) => Result(Libc.setsockopt(fd, level, name, value, length));

    /// <summary><c>sockatmark(3)</c>: 1 at the mark, 0 before it, or <c>-errno</c>.</summary>
    public static int SockAtMark(int fd) => Result(Libc.sockatmark(fd));

    /// <summary><c>send(2)</c> (<c>kiwi_send</c>): bytes sent or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Send(int fd, void* buffer, nuint length, int flags) => KiwiShim.kiwi_send(fd, buffer, length, flags);

    /// <summary><c>recv(2)</c> (<c>kiwi_recv</c>): bytes received, 0 when the peer shut down, or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Recv(int fd, void* buffer, nuint length, int flags) => KiwiShim.kiwi_recv(fd, buffer, length, flags);

    /// <summary><c>sendto(2)</c> (<c>kiwi_sendto</c>): bytes sent or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint SendTo(int fd, void* buffer, nuint length, int flags, sockaddr* address, uint addressLength)
        => KiwiShim.kiwi_sendto(fd, buffer, length, flags, address, addressLength);

    /// <summary><c>recvfrom(2)</c> (<c>kiwi_recvfrom</c>): bytes received or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint RecvFrom(int fd, void* buffer, nuint length, int flags, sockaddr* address, uint* addressLength)
        => KiwiShim.kiwi_recvfrom(fd, buffer, length, flags, address, addressLength);

    /// <summary><c>sendmsg(2)</c> (<c>kiwi_sendmsg</c>): bytes sent or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint SendMsg(int fd, msghdr* message, int flags) => KiwiShim.kiwi_sendmsg(fd, message, flags);

    /// <summary><c>recvmsg(2)</c> (<c>kiwi_recvmsg</c>): bytes received or <c>-errno</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint RecvMsg(int fd, msghdr* message, int flags) => KiwiShim.kiwi_recvmsg(fd, message, flags);

    /// <summary><c>CMSG_SPACE</c> (<c>kiwi_cmsg_space</c>).</summary>
    public static nuint CmsgSpace(nuint length) => KiwiShim.kiwi_cmsg_space(length);

    /// <summary><c>CMSG_LEN</c> (<c>kiwi_cmsg_len</c>).</summary>
    public static nuint CmsgLen(nuint length) => KiwiShim.kiwi_cmsg_len(length);

    /// <summary><c>CMSG_FIRSTHDR</c> (<c>kiwi_cmsg_firsthdr</c>): the first header, or null.</summary>
    public static cmsghdr* CmsgFirstHdr(msghdr* message) => KiwiShim.kiwi_cmsg_firsthdr(message);

    /// <summary><c>CMSG_NXTHDR</c> (<c>kiwi_cmsg_nxthdr</c>): the next header, or null.</summary>
    public static cmsghdr* CmsgNxtHdr(msghdr* message, cmsghdr* header) => KiwiShim.kiwi_cmsg_nxthdr(message, header);

    /// <summary><c>CMSG_DATA</c> (<c>kiwi_cmsg_data</c>).</summary>
    public static byte* CmsgData(cmsghdr* header) => KiwiShim.kiwi_cmsg_data(header);

    /// <summary><c>getpid(2)</c>; cannot fail.</summary>
    public static int GetPid() => Libc.getpid();

    /// <summary><c>getuid(2)</c>; cannot fail.</summary>
    public static uint GetUid() => Libc.getuid();

    /// <summary><c>getgid(2)</c>; cannot fail.</summary>
    public static uint GetGid() => Libc.getgid();
}
