using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Kiwi.Net;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>Bad input for <see cref="LinuxSocket"/>: disposed sockets, null, empty and oversized arguments, wrong
/// families and kinds, calls in the wrong state.</summary>
internal static class SocketCases
{
    private static readonly byte[] Data = { 1, 2, 3 };

    /// <summary>Every instance member of <see cref="LinuxSocket"/> on a disposed socket.</summary>
    private static readonly (string Member, Action<LinuxSocket> Call)[] OnDisposed =
    {
        ("LinuxSocket.Bind", s => s.Bind(new IPEndPoint(IPAddress.Loopback, 0))),
        ("LinuxSocket.Listen", s => s.Listen(1)),
        ("LinuxSocket.Accept", s => s.Accept()),
        ("LinuxSocket.Accept(out EndPoint)", s => s.Accept(out _)),
        ("LinuxSocket.TryAccept", s => s.TryAccept(out _)),
        ("LinuxSocket.TryAccept(out EndPoint)", s => s.TryAccept(out _, out _)),
        ("LinuxSocket.Connect", s => s.Connect(new IPEndPoint(IPAddress.Loopback, 9))),
        ("LinuxSocket.StartConnect", s => s.StartConnect(new IPEndPoint(IPAddress.Loopback, 9))),
        ("LinuxSocket.FinishConnect", s => s.FinishConnect()),
        ("LinuxSocket.Send", s => s.Send(Data)),
        ("LinuxSocket.SendAll", s => s.SendAll(Data)),
        ("LinuxSocket.TrySend", s => s.TrySend(Data, out _)),
        ("LinuxSocket.Receive", s => s.Receive(new byte[4])),
        ("LinuxSocket.TryReceive", s => s.TryReceive(new byte[4], out _)),
        ("LinuxSocket.SendTo", s => s.SendTo(Data, new IPEndPoint(IPAddress.Loopback, 9))),
        ("LinuxSocket.TrySendTo", s => s.TrySendTo(Data, new IPEndPoint(IPAddress.Loopback, 9), out _)),
        ("LinuxSocket.ReceiveFrom", s => s.ReceiveFrom(new byte[4], out _)),
        ("LinuxSocket.TryReceiveFrom", s => s.TryReceiveFrom(new byte[4], out _, out _)),
        ("LinuxSocket.ReadVector", s => s.ReadVector(new Memory<byte>[] { new byte[4] })),
        ("LinuxSocket.TryReadVector", s => s.TryReadVector(new Memory<byte>[] { new byte[4] }, out _)),
        ("LinuxSocket.WriteVector", s => s.WriteVector(new ReadOnlyMemory<byte>[] { Data })),
        ("LinuxSocket.TryWriteVector", s => s.TryWriteVector(new ReadOnlyMemory<byte>[] { Data }, out _)),
        ("LinuxSocket.SendMessage", s => s.SendMessage(Data)),
        ("LinuxSocket.TrySendMessage", s => s.TrySendMessage(Data, out _)),
        ("LinuxSocket.ReceiveMessage", s => s.ReceiveMessage(new byte[4])),
        ("LinuxSocket.TryReceiveMessage", s => s.TryReceiveMessage(new byte[4], out _)),
        ("LinuxSocket.Shutdown", s => s.Shutdown(ShutdownHow.Both)),
        ("LinuxSocket.LocalEndPoint", s => _ = s.LocalEndPoint),
        ("LinuxSocket.RemoteEndPoint", s => _ = s.RemoteEndPoint),
        ("LinuxSocket.IsNonBlocking.get", s => _ = s.IsNonBlocking),
        ("LinuxSocket.IsNonBlocking.set", s => s.IsNonBlocking = true),
        ("LinuxSocket.IsAtMark", s => s.IsAtMark()),
        ("LinuxSocket.Duplicate", s => s.Duplicate()),
        ("SocketOptions.ReuseAddress", s => s.Options.ReuseAddress = true),
        ("SocketOptions.NoDelay", s => _ = s.Options.NoDelay),
        ("SocketOptions.ReceiveTimeout", s => s.Options.ReceiveTimeout = TimeSpan.FromSeconds(1)),
        ("SocketOptions.PendingError", s => _ = s.Options.PendingError),
        ("SocketOptions.Get", s => s.Options.Get(1, 1, new byte[4])),
        ("SocketHandle.IsCloseOnExec", s => _ = s.Handle.IsCloseOnExec),
        ("SocketHandle.DangerousGetDescriptor", s => s.Handle.DangerousGetDescriptor()),
    };

    public static IEnumerable<BadInputCase> All()
    {
        foreach ((string member, Action<LinuxSocket> call) in OnDisposed)
        {
            yield return Case.Throws<ObjectDisposedException>(member, "disposed socket", scope => call(scope.DisposedSocket()));
        }

        // Construction.
        yield return Case.Throws<ArgumentNullException>("LinuxSocket(SocketHandle)", "null", _ => new LinuxSocket(null!));
        yield return Case.Throws<ArgumentNullException>("LinuxSocket.Adopt", "null", _ => LinuxSocket.Adopt(null!));
        yield return Case.Errno("LinuxSocket.Create", "domain 12345", "socket", "EAFNOSUPPORT", _ => LinuxSocket.Create((SocketDomain)12345, SocketKind.Stream));
        yield return Case.Errno("LinuxSocket.Create", "kind 99", "socket", "EINVAL", _ => LinuxSocket.Create(SocketDomain.Inet, (SocketKind)99));
        yield return Case.Errno("LinuxSocket.Create", "protocol 99 for a Unix stream", "socket", "EPROTONOSUPPORT", _ => LinuxSocket.Create(SocketDomain.Unix, SocketKind.Stream, protocol: 99));
        yield return Case.Errno("LinuxSocket.Create", "raw socket without CAP_NET_RAW or unknown flags", "socket", "EINVAL", _ => LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream, (SocketCreationFlags)0x40000000));
        yield return Case.Errno("LinuxSocket.CreatePair", "kind 99", "socketpair", "EINVAL", _ => LinuxSocket.CreatePair((SocketKind)99));

        // Bind.
        yield return Case.Throws<ArgumentNullException>("LinuxSocket.Bind", "null", s => s.Socket().Bind(null!));
        yield return Case.Throws<ArgumentException>("LinuxSocket.Bind", "an endpoint type with no sockaddr", s => s.Socket().Bind(new DnsEndPoint("localhost", 80)));
        yield return Case.Throws<ArgumentException>("LinuxSocket.Bind", "IPEndPoint whose family disagrees with its address", s => s.Socket().Bind(new MislabelledEndPoint()));
        yield return Case.Errno("LinuxSocket.Bind", "IPv6 address on an IPv4 socket", "bind", "EAFNOSUPPORT", s => s.Socket().Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0)));
        yield return Case.Errno("LinuxSocket.Bind", "IPv4 address on an IPv6 socket", "bind", "EINVAL", s => s.Socket(SocketDomain.Inet6).Bind(new IPEndPoint(IPAddress.Loopback, 0)));
        yield return Case.Errno("LinuxSocket.Bind", "Unix path on a TCP socket", "bind", "EAFNOSUPPORT", s => s.Socket().Bind(new UnixDomainSocketEndPoint("/tmp/kiwi-never")));
        yield return Case.Errno("LinuxSocket.Bind", "bound twice", "bind", "EINVAL", s =>
        {
            LinuxSocket socket = s.Socket();
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        });
        yield return Case.Errno("LinuxSocket.Bind", "port in use", "bind", "EADDRINUSE", s =>
        {
            LinuxSocket listener = s.Listener();
            s.Socket().Bind(listener.LocalEndPoint!);
        });
        yield return Case.Errno("LinuxSocket.Bind", "address not on this host (192.0.2.1)", "bind", "EADDRNOTAVAIL", s => s.Socket().Bind(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 0)));
        yield return Case.Errno("LinuxSocket.Bind", "Unix path in a missing directory", "bind", "ENOENT", s => s.Socket(SocketDomain.Unix).Bind(new UnixDomainSocketEndPoint("/nonexistent-kiwi/dir/sock")));

        // Listen and accept.
        yield return Case.Errno("LinuxSocket.Listen", "a datagram socket", "listen", "EOPNOTSUPP", s => s.Socket(SocketDomain.Inet, SocketKind.Datagram).Listen(1));
        yield return Case.Errno("LinuxSocket.Listen", "a connected socket", "listen", "EINVAL", s => s.TcpPair().Client.Listen(1));
        yield return Case.Errno("LinuxSocket.TryAccept", "a socket that is not listening", "accept4", "EINVAL", s => s.Socket(flags: SocketCreationFlags.NonBlocking).TryAccept(out _));
        yield return Case.Errno("LinuxSocket.Accept", "a datagram socket", "accept4", "EOPNOTSUPP", s => s.Socket(SocketDomain.Inet, SocketKind.Datagram).Accept());
        yield return Case.Errno("LinuxSocket.TryAccept", "flags 0x7fff0000", "accept4", "EINVAL", s => s.Listener().TryAccept(out _, (SocketCreationFlags)0x7fff0000));

        // Connect.
        yield return Case.Throws<ArgumentNullException>("LinuxSocket.Connect", "null", s => s.Socket().Connect(null!));
        yield return Case.Throws<ArgumentNullException>("LinuxSocket.StartConnect", "null", s => s.Socket().StartConnect(null!));
        yield return Case.Errno("LinuxSocket.Connect", "a closed port", "connect", "ECONNREFUSED", s => s.Socket().Connect(s.ClosedPort()));
        yield return Case.Errno("LinuxSocket.Connect", "non-blocking, a closed port", "connect", "ECONNREFUSED", s => s.Socket(flags: SocketCreationFlags.NonBlocking).Connect(s.ClosedPort()));
        yield return Case.Errno("LinuxSocket.Connect", "IPv6 address on an IPv4 socket", "connect", "EAFNOSUPPORT", s => s.Socket().Connect(new IPEndPoint(IPAddress.IPv6Loopback, 9)));
        yield return Case.Errno("LinuxSocket.Connect", "a Unix path nobody bound", "connect", "ENOENT", s => s.Socket(SocketDomain.Unix).Connect(new UnixDomainSocketEndPoint("/nonexistent-kiwi/sock")));
        yield return Case.Errno("LinuxSocket.Connect", "already connected", "connect", "EISCONN", s =>
        {
            (LinuxSocket client, _) = s.TcpPair();
            client.Connect(client.RemoteEndPoint!);
        });

        // Transfers.
        yield return Case.Throws<ArgumentException>("LinuxSocket.Receive", "empty buffer", s => s.Pair().First.Receive(Span<byte>.Empty));
        yield return Case.Throws<ArgumentException>("LinuxSocket.TryReceive", "empty buffer", s => s.Pair().First.TryReceive(Span<byte>.Empty, out _));
        yield return Case.Throws<ArgumentException>("LinuxSocket.ReceiveFrom", "empty buffer", s => s.Pair().First.ReceiveFrom(Span<byte>.Empty, out _));
        yield return Case.Throws<ArgumentException>("LinuxSocket.TryReceiveFrom", "empty buffer", s => s.Pair().First.TryReceiveFrom(Span<byte>.Empty, out _, out _));
        yield return Case.Throws<ArgumentException>("LinuxSocket.ReadVector", "no vectors", s => s.Pair().First.ReadVector(ReadOnlySpan<Memory<byte>>.Empty));
        yield return Case.Throws<ArgumentException>("LinuxSocket.TryReadVector", "only empty vectors", s => s.Pair().First.TryReadVector(new Memory<byte>[] { Memory<byte>.Empty, Memory<byte>.Empty }, out _));
        yield return Case.Throws<ArgumentOutOfRangeException>("LinuxSocket.TryReadVector", "1025 vectors (IOV_MAX + 1)", s => s.Pair().First.TryReadVector(new Memory<byte>[1025], out _));
        yield return Case.Throws<ArgumentOutOfRangeException>("LinuxSocket.TryWriteVector", "1025 vectors (IOV_MAX + 1)", s => s.Pair().First.TryWriteVector(new ReadOnlyMemory<byte>[1025], out _));
        yield return Case.Throws<ArgumentOutOfRangeException>("LinuxSocket.WriteVector", "100000 vectors", s => s.Pair().First.WriteVector(new ReadOnlyMemory<byte>[100_000]));
        yield return Case.Errno("LinuxSocket.Receive", "an unconnected TCP socket", "recv", "ENOTCONN", s => s.Socket().Receive(new byte[4]));
        yield return Case.Errno("LinuxSocket.Send", "an unconnected TCP socket", "send", "EPIPE", s => s.Socket().Send(Data));
        yield return Case.Errno("LinuxSocket.Send", "after shutdown(SHUT_WR)", "send", "EPIPE", s =>
        {
            LinuxSocket first = s.Pair().First;
            first.Shutdown(ShutdownHow.Write);
            first.Send(Data);
        });
        yield return Case.Errno("LinuxSocket.Send", "a listening socket", "send", "EPIPE", s => s.Listener().Send(Data));
        yield return Case.Errno("LinuxSocket.TryReceive", "MSG_OOB on a Unix socket with no urgent byte", "recv", "EINVAL", s => s.Pair().First.TryReceive(new byte[4], out _, MessageFlags.OutOfBand | MessageFlags.DontWait));
        yield return Case.Errno("LinuxSocket.TryReceive", "MSG_OOB with no urgent data", "recv", "EINVAL", s => s.TcpPair().Client.TryReceive(new byte[4], out _, MessageFlags.OutOfBand | MessageFlags.DontWait));
        yield return Case.Throws<ArgumentNullException>("LinuxSocket.SendTo", "null endpoint", s => s.Socket(SocketDomain.Inet, SocketKind.Datagram).SendTo(Data, null!));
        yield return Case.Throws<ArgumentException>("LinuxSocket.TrySendTo", "an endpoint type with no sockaddr", s => s.Socket(SocketDomain.Inet, SocketKind.Datagram).TrySendTo(Data, new DnsEndPoint("localhost", 9), out _));
        yield return Case.Errno("LinuxSocket.SendTo", "a Unix datagram path nobody bound", "sendto", "ENOENT", s => s.Socket(SocketDomain.Unix, SocketKind.Datagram).SendTo(Data, new UnixDomainSocketEndPoint("/nonexistent-kiwi/dgram")));
        yield return Case.Errno("LinuxSocket.SendTo", "IPv6 destination from an IPv4 socket", "sendto", "EAFNOSUPPORT", s => s.Socket(SocketDomain.Inet, SocketKind.Datagram).SendTo(Data, new IPEndPoint(IPAddress.IPv6Loopback, 9)));
        yield return Case.Errno("LinuxSocket.SendTo", "a datagram larger than 65507 bytes", "sendto", "EMSGSIZE", s => s.Socket(SocketDomain.Inet, SocketKind.Datagram).SendTo(new byte[70_000], new IPEndPoint(IPAddress.Loopback, 9)));

        // Messages and descriptor passing.
        yield return Case.Throws<ArgumentOutOfRangeException>("LinuxSocket.SendMessage", "254 descriptors (SCM_MAX_FD + 1)", s => s.Pair().First.SendMessage(Data, new FileDescriptorHandle[254]));
        yield return Case.Throws<ArgumentNullException>("LinuxSocket.SendMessage", "a null descriptor in the list", s =>
        {
            (LinuxSocket first, LinuxSocket second) = s.Pair();
            first.SendMessage(Data, new FileDescriptorHandle[] { second.Handle, null! });
        });
        yield return Case.Throws<ObjectDisposedException>("LinuxSocket.TrySendMessage", "a disposed descriptor in the list", s =>
        {
            LinuxSocket disposed = s.DisposedSocket();
            s.Pair().First.TrySendMessage(Data, out _, new FileDescriptorHandle[] { disposed.Handle });
        });
        yield return Case.Errno("LinuxSocket.SendMessage", "credentials of a process that does not exist", "sendmsg", "ESRCH", s => s.Pair().First.SendMessage(Data, credentials: new UnixCredentials(0x3fffffff, 0, 0)));
        yield return Case.Throws<ArgumentException>("LinuxSocket.SendMessage", "SCM_RIGHTS over TCP", s => s.TcpPair().Client.SendMessage(Data, new FileDescriptorHandle[] { s.TcpPair().Server.Handle }));
        yield return Case.Throws<ArgumentException>("LinuxSocket.TrySendMessage", "SCM_CREDENTIALS over UDP", s => s.Socket(SocketDomain.Inet, SocketKind.Datagram).TrySendMessage(Data, out _, credentials: UnixCredentials.OfThisProcess(), destination: new IPEndPoint(IPAddress.Loopback, 9)));
        yield return Case.Errno("LinuxSocket.SendMessage", "an unconnected Unix datagram socket, no destination", "sendmsg", "ENOTCONN", s => s.Socket(SocketDomain.Unix, SocketKind.Datagram).SendMessage(Data));
        yield return Case.Throws<ArgumentOutOfRangeException>("LinuxSocket.ReceiveMessage", "maxDescriptors -1", s => s.Pair().First.ReceiveMessage(new byte[4], -1));
        yield return Case.Throws<ArgumentOutOfRangeException>("LinuxSocket.TryReceiveMessage", "maxDescriptors 254", s => s.Pair().First.TryReceiveMessage(new byte[4], out _, 254));
        yield return Case.Throws<ArgumentOutOfRangeException>("LinuxSocket.TryReceiveMessage", "maxDescriptors int.MaxValue", s => s.Pair().First.TryReceiveMessage(new byte[4], out _, int.MaxValue));
        yield return Case.Throws<ArgumentException>("LinuxSocket.ReceiveMessage", "empty buffer on a stream socket", s => s.Pair().First.ReceiveMessage(Span<byte>.Empty));
        yield return Case.Errno("LinuxSocket.ReceiveMessage", "an unconnected TCP socket", "recvmsg", "ENOTCONN", s => s.Socket().ReceiveMessage(new byte[4]));

        // State, addresses and descriptors.
        yield return Case.Errno("LinuxSocket.Shutdown", "how = 7", "shutdown", "EINVAL", s => s.Pair().First.Shutdown((ShutdownHow)7));
        yield return Case.Errno("LinuxSocket.Shutdown", "an unconnected socket", "shutdown", "ENOTCONN", s => s.Socket().Shutdown(ShutdownHow.Both));
        yield return Case.Errno("LinuxSocket.RemoteEndPoint", "an unconnected socket", "getpeername", "ENOTCONN", s => _ = s.Socket().RemoteEndPoint);
        yield return Case.Errno("LinuxSocket.Duplicate", "minimum -1", "fcntl(F_DUPFD_CLOEXEC)", "EINVAL", s => s.Own(s.Socket().Duplicate(-1)));
        yield return Case.Errno("LinuxSocket.Duplicate", "minimum int.MaxValue", "fcntl(F_DUPFD_CLOEXEC)", "EINVAL", s => s.Own(s.Socket().Duplicate(int.MaxValue)));
    }

    /// <summary>An endpoint that claims IPv4 while its address is IPv6.</summary>
    private sealed class MislabelledEndPoint : IPEndPoint
    {
        public MislabelledEndPoint()
            : base(IPAddress.IPv6Loopback, 0)
        {
        }

        public override AddressFamily AddressFamily => AddressFamily.InterNetwork;
    }
}
