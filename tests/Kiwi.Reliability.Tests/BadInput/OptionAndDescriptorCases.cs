using System;
using System.Collections.Generic;
using System.IO;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.SignalDriven;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>Bad input for <see cref="SocketOptions"/>, the descriptor handles and the multiplexers
/// (<see cref="EpollHandle"/>, <see cref="Poll"/>, <see cref="Select"/>, <see cref="FdSet"/>).</summary>
internal static class OptionAndDescriptorCases
{
    public static IEnumerable<BadInputCase> All()
    {
        // Socket options.
        yield return Case.Throws<ArgumentOutOfRangeException>("SocketOptions.Linger", "enabled, -5 seconds", s => s.Socket().Options.Linger = new SocketLinger(true, -5));
        yield return Case.Throws<ArgumentOutOfRangeException>("SocketOptions.ReceiveBufferSize", "-1", s => s.Socket().Options.ReceiveBufferSize = -1);
        yield return Case.Throws<ArgumentOutOfRangeException>("SocketOptions.SendBufferSize", "int.MinValue", s => s.Socket().Options.SendBufferSize = int.MinValue);
        yield return Case.Throws<ArgumentOutOfRangeException>("SocketOptions.ReceiveTimeout", "-1 ms", s => s.Socket().Options.ReceiveTimeout = TimeSpan.FromMilliseconds(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("SocketOptions.SendTimeout", "TimeSpan.MinValue", s => s.Socket().Options.SendTimeout = TimeSpan.MinValue);
        yield return Case.Throws<InvalidOperationException>("SocketOptions.PeerCredentials", "a TCP socket", s => _ = s.TcpPair().Client.Options.PeerCredentials);
        yield return Case.Throws<InvalidOperationException>("SocketOptions.PeerCredentials", "an unconnected Unix socket", s => _ = s.Socket(SocketDomain.Unix).Options.PeerCredentials);
        yield return Case.Errno("SocketOptions.NoDelay", "a Unix socket", "setsockopt", "EOPNOTSUPP", s => s.Pair().First.Options.NoDelay = true);
        yield return Case.Errno("SocketOptions.IPv6Only", "an IPv4 socket", "setsockopt", "ENOPROTOOPT", s => s.Socket().Options.IPv6Only = true);
        yield return Case.Errno("SocketOptions.KeepAliveIdleSeconds", "0", "setsockopt", "EINVAL", s => s.Socket().Options.KeepAliveIdleSeconds = 0);
        yield return Case.Errno("SocketOptions.KeepAliveCount", "-1", "setsockopt", "EINVAL", s => s.Socket().Options.KeepAliveCount = -1);
        yield return Case.Errno("SocketOptions.KeepAliveIntervalSeconds", "int.MaxValue", "setsockopt", "EINVAL", s => s.Socket().Options.KeepAliveIntervalSeconds = int.MaxValue);
        yield return Case.Errno("SocketOptions.GetInt32", "level 9999", "getsockopt", "EOPNOTSUPP", s => s.Socket().Options.GetInt32(9999, 1));
        yield return Case.Errno("SocketOptions.SetInt32", "SOL_SOCKET, option 9999", "setsockopt", "ENOPROTOOPT", s => s.Socket().Options.SetInt32(Libc.SOL_SOCKET, 9999, 1));
        yield return Case.Errno("SocketOptions.Set", "empty value", "setsockopt", "EINVAL", s => s.Socket().Options.Set(Libc.SOL_SOCKET, Libc.SO_REUSEADDR, ReadOnlySpan<byte>.Empty));
        yield return Case.Errno("SocketOptions.Set", "SO_LINGER with 3 bytes", "setsockopt", "EINVAL", s => s.Socket().Options.Set(Libc.SOL_SOCKET, Libc.SO_LINGER, new byte[3]));

        // Descriptor handles.
        yield return Case.Throws<ArgumentException>("FileDescriptorHandle.Read", "empty buffer", s => OwnedPipe(s).ReadEnd.Read(Span<byte>.Empty));
        yield return Case.Throws<ArgumentException>("FileDescriptorHandle.TryRead", "empty buffer", s => OwnedPipe(s).ReadEnd.TryRead(Span<byte>.Empty, out _));
        yield return Case.Errno("FileDescriptorHandle.Write", "the read end of a pipe", "write", "EBADF", s => OwnedPipe(s).ReadEnd.Write(new byte[1]));
        yield return Case.Errno("FileDescriptorHandle.Read", "the write end of a pipe", "read", "EBADF", s => OwnedPipe(s).WriteEnd.Read(new byte[1]));
        yield return Case.Errno("FileDescriptorHandle.Write", "a pipe whose read end is closed", "write", "EPIPE", s =>
        {
            (PipeHandle read, PipeHandle write) = OwnedPipe(s);
            read.Dispose();
            write.Write(new byte[1]);
        });
        yield return Case.Errno("FileDescriptorHandle.Read", "descriptor -1 (not owned)", "read", "EBADF", s => s.Own(new FileDescriptorHandle(-1, ownsHandle: false)).Read(new byte[1]));
        yield return Case.Errno("FileDescriptorHandle.IsNonBlocking", "descriptor 1000000 (not open)", "fcntl(F_GETFL)", "EBADF", s => _ = s.Own(new FileDescriptorHandle(1_000_000, ownsHandle: false)).IsNonBlocking);
        yield return Case.Errno("FileDescriptorHandle.Duplicate", "minimum -1", "fcntl(F_DUPFD_CLOEXEC)", "EINVAL", s => s.Own(s.Own(EventFdHandle.Create()).Duplicate(-1)));
        yield return Case.Throws<ObjectDisposedException>("FileDescriptorHandle.Read", "disposed", s => Disposed(EventFdHandle.Create()).Read(new byte[8]));
        yield return Case.Throws<ObjectDisposedException>("FileDescriptorHandle.TryWrite", "disposed", s => Disposed(EventFdHandle.Create()).TryWrite(new byte[8], out _));
        yield return Case.Throws<ObjectDisposedException>("FileDescriptorHandle.Write", "disposed", s => Disposed(EventFdHandle.Create()).Write(new byte[8]));
        yield return Case.Throws<ObjectDisposedException>("FileDescriptorHandle.IsNonBlocking", "disposed", s => Disposed(EventFdHandle.Create()).IsNonBlocking = true);
        yield return Case.Throws<ObjectDisposedException>("FileDescriptorHandle.Duplicate", "disposed", s => Disposed(EventFdHandle.Create()).Duplicate());
        yield return Case.Throws<ObjectDisposedException>("FileDescriptorHandle.DangerousGetDescriptor", "disposed", s => Disposed(EventFdHandle.Create()).DangerousGetDescriptor());
        yield return Case.Throws<ObjectDisposedException>("EventFdHandle.TryAdd", "disposed", s => Disposed(EventFdHandle.Create()).TryAdd());
        yield return Case.Throws<ObjectDisposedException>("EventFdHandle.TryRead", "disposed", s => Disposed(EventFdHandle.Create()).TryRead(out _));
        yield return Case.Errno("EventFdHandle.TryAdd", "ulong.MaxValue (the counter's forbidden value)", "write", "EINVAL", s => s.Own(EventFdHandle.Create(nonBlocking: true)).TryAdd(ulong.MaxValue));
        yield return Case.Errno("EventFdHandle.TryRead", "a 4-byte read", "read", "EINVAL", s => s.Own(EventFdHandle.Create(1)).TryRead(new byte[4], out _));
        yield return Case.Errno("SignalFdHandle.Create", "signal 0", "sigaddset", "EINVAL", _ => SignalFdHandle.Create(new[] { 0 }));
        yield return Case.Throws<ArgumentException>("SignalFdHandle.TryRead", "no room for a record", s => s.Own(SignalFdHandle.Create(new[] { Libc.SIGUSR2 })).TryRead(Span<signalfd_siginfo>.Empty));
        yield return Case.Throws<ObjectDisposedException>("SignalFdHandle.TryRead", "disposed", s => Disposed(SignalFdHandle.Create(new[] { Libc.SIGUSR2 })).TryRead(new signalfd_siginfo[1]));

        // epoll.
        yield return Case.Throws<ArgumentNullException>("EpollHandle.Add(SafeHandle)", "null", s => s.Own(EpollHandle.Create()).Add(null!, EpollEvents.In, 1));
        yield return Case.Throws<ArgumentNullException>("EpollHandle.Modify(SafeHandle)", "null", s => s.Own(EpollHandle.Create()).Modify(null!, EpollEvents.In, 1));
        yield return Case.Throws<ArgumentNullException>("EpollHandle.Delete(SafeHandle)", "null", s => s.Own(EpollHandle.Create()).Delete(null!));
        yield return Case.Throws<ObjectDisposedException>("EpollHandle.Add(SafeHandle)", "a disposed target", s => s.Own(EpollHandle.Create()).Add(Disposed(EventFdHandle.Create()), EpollEvents.In, 1));
        yield return Case.Throws<ObjectDisposedException>("EpollHandle.Add", "a disposed epoll", s => Disposed(EpollHandle.Create()).Add(0, EpollEvents.In, 1));
        yield return Case.Throws<ObjectDisposedException>("EpollHandle.Wait", "a disposed epoll", s => Disposed(EpollHandle.Create()).Wait(new EpollEvent[1], 0));
        yield return Case.Throws<ArgumentException>("EpollHandle.Wait", "no room for events", s => s.Own(EpollHandle.Create()).Wait(Span<EpollEvent>.Empty, 0));
        yield return Case.Throws<ArgumentOutOfRangeException>("EpollHandle.Wait", "timeout -2", s => s.Own(EpollHandle.Create()).Wait(new EpollEvent[1], -2));
        yield return Case.Errno("EpollHandle.Add", "descriptor -1", "epoll_ctl(EPOLL_CTL_ADD)", "EBADF", s => s.Own(EpollHandle.Create()).Add(-1, EpollEvents.In, 1));
        yield return Case.Errno("EpollHandle.Add", "itself", "epoll_ctl(EPOLL_CTL_ADD)", "EINVAL", s =>
        {
            EpollHandle epoll = s.Own(EpollHandle.Create());
            epoll.Add(epoll, EpollEvents.In, 1);
        });
        yield return Case.Errno("EpollHandle.Add", "a regular file", "epoll_ctl(EPOLL_CTL_ADD)", "EPERM", s =>
        {
            FileStream file = s.Own(File.OpenRead("/proc/self/status"));
            s.Own(EpollHandle.Create()).Add(file.SafeFileHandle, EpollEvents.In, 1);
        });
        yield return Case.Errno("EpollHandle.Add", "registered twice", "epoll_ctl(EPOLL_CTL_ADD)", "EEXIST", s =>
        {
            EpollHandle epoll = s.Own(EpollHandle.Create());
            EventFdHandle target = s.Own(EventFdHandle.Create());
            epoll.Add(target, EpollEvents.In, 1);
            epoll.Add(target, EpollEvents.In, 1);
        });
        yield return Case.Errno("EpollHandle.Modify", "not registered", "epoll_ctl(EPOLL_CTL_MOD)", "ENOENT", s => s.Own(EpollHandle.Create()).Modify(s.Own(EventFdHandle.Create()), EpollEvents.In, 1));
        yield return Case.Errno("EpollHandle.Delete", "not registered", "epoll_ctl(EPOLL_CTL_DEL)", "ENOENT", s => s.Own(EpollHandle.Create()).Delete(s.Own(EventFdHandle.Create())));
        yield return Case.Errno("EpollHandle.Modify", "an exclusive registration", "epoll_ctl(EPOLL_CTL_MOD)", "EINVAL", s =>
        {
            EpollHandle epoll = s.Own(EpollHandle.Create());
            EventFdHandle target = s.Own(EventFdHandle.Create());
            epoll.Add(target, EpollEvents.In | EpollEvents.Exclusive, 1);
            epoll.Modify(target, EpollEvents.In, 2);
        });

        // poll and select.
        yield return Case.Throws<ArgumentOutOfRangeException>("Poll.Wait", "timeout -2", _ => Poll.Wait(new PollDescriptor[1], -2));
        yield return Case.Throws<ArgumentOutOfRangeException>("Poll.Wait", "timeout int.MinValue", _ => Poll.Wait(new PollDescriptor[1], int.MinValue));
        yield return Case.Errno("Poll.Wait", "more entries than RLIMIT_NOFILE", "poll", "EINVAL", _ => Poll.Wait(new PollDescriptor[2_000_000], 0));
        yield return Case.Throws<ArgumentOutOfRangeException>("Select.Wait", "negative timeout", _ => Select.Wait(new FdSet(), null, null, TimeSpan.FromSeconds(-1)));
        yield return Case.Errno("Select.Wait", "a descriptor that is not open", "select", "EBADF", _ =>
        {
            // A closed number inside the descriptor table: the kernel ignores numbers beyond the table's size.
            EventFdHandle closed = EventFdHandle.Create();
            int number = closed.DangerousGetDescriptor();
            closed.Dispose();
            FdSet set = new();
            set.Add(number);
            Select.Wait(set, null, null, TimeSpan.Zero);
        });
        yield return Case.Throws<ArgumentOutOfRangeException>("FdSet.Add", "-1", _ => new FdSet().Add(-1));
        yield return Case.Throws<ArgumentOutOfRangeException>("FdSet.Add", "FD_SETSIZE", _ => new FdSet().Add(FdSet.Capacity));
        yield return Case.Throws<ArgumentOutOfRangeException>("FdSet.Remove", "int.MaxValue", _ => new FdSet().Remove(int.MaxValue));
        yield return Case.Throws<ArgumentOutOfRangeException>("FdSet.Contains", "-5", _ => new FdSet().Contains(-5));
        yield return Case.Throws<ArgumentNullException>("FdSet.Add(SafeHandle)", "null", _ => new FdSet().Add(null!));
        yield return Case.Throws<ArgumentNullException>("FdSet.CopyFrom", "null", _ => new FdSet().CopyFrom(null!));
        yield return Case.Throws<ObjectDisposedException>("FdSet.Add(SafeHandle)", "disposed", _ => new FdSet().Add(Disposed(EventFdHandle.Create())));
    }

    private static (PipeHandle ReadEnd, PipeHandle WriteEnd) OwnedPipe(Scope scope)
    {
        (PipeHandle read, PipeHandle write) = PipeHandle.CreatePair();
        scope.Own(read);
        scope.Own(write);
        return (read, write);
    }

    private static T Disposed<T>(T handle) where T : IDisposable
    {
        handle.Dispose();
        return handle;
    }
}
