using System;
using System.Text;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Tests.Descriptors;

/// <summary>The SafeHandle contract of every descriptor type: dispose once, refuse after dispose, never close under a call.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class HandleTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void DisposingTwiceIsHarmless()
    {
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        readEnd.Dispose();
        readEnd.Dispose();
        writeEnd.Dispose();
        writeEnd.Dispose();
        LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        socket.Dispose();
        socket.Dispose();

        Assert.True(readEnd.IsClosed);
        Assert.True(socket.Handle.IsClosed);
    }

    [Fact]
    public void CallsAfterDisposeThrowObjectDisposed()
    {
        LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        EpollHandle epoll = EpollHandle.Create();
        EventFdHandle eventFd = EventFdHandle.Create();
        socket.Dispose();
        epoll.Dispose();
        eventFd.Dispose();

        Assert.Throws<ObjectDisposedException>(() => socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)));
        Assert.Throws<ObjectDisposedException>(() => socket.TryReceive(new byte[1], out _));
        Assert.Throws<ObjectDisposedException>(() => socket.Options.NoDelay = true);
        Assert.Throws<ObjectDisposedException>(() => socket.Handle.DangerousGetDescriptor());
        Assert.Throws<ObjectDisposedException>(() => epoll.Wait(new EpollEvent[1], 0));
        Assert.Throws<ObjectDisposedException>(() => eventFd.TryAdd());
    }

    [Fact]
    public void AHandleInUseIsNotClosedAndItsNumberNotReused()
    {
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (writeEnd)
        {
            int number = readEnd.DangerousGetDescriptor();
            bool added = false;
            // What every Kiwi.Net call does for its length: hold a reference.
            readEnd.DangerousAddRef(ref added);
            readEnd.Dispose();

            Assert.True(IsOpen(number), "the descriptor was closed while a call held it");
            var (otherRead, otherWrite) = PipeHandle.CreatePair();
            using (otherRead)
            using (otherWrite)
            {
                Assert.NotEqual(number, otherRead.DangerousGetDescriptor());
                Assert.NotEqual(number, otherWrite.DangerousGetDescriptor());
            }

            readEnd.DangerousRelease();
            Assert.False(IsOpen(number), "the last release must close the descriptor");
        }
    }

    [Fact]
    public void ANonOwningHandleLeavesTheDescriptorOpen()
    {
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (readEnd)
        using (writeEnd)
        {
            int number = readEnd.DangerousGetDescriptor();
            new FileDescriptorHandle(number, ownsHandle: false).Dispose();
            Assert.True(IsOpen(number));
        }
    }

    [Fact]
    public void DuplicateTakesANumberAtOrAboveTheMinimumAndSharesTheFile()
    {
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (readEnd)
        using (writeEnd)
        using (FileDescriptorHandle copy = writeEnd.Duplicate(1024))
        {
            Assert.True(copy.DangerousGetDescriptor() >= 1024);
            Assert.True(copy.IsCloseOnExec);
            copy.Write("via the copy"u8);
            byte[] buffer = new byte[32];
            int n = readEnd.Read(buffer);
            Assert.Equal("via the copy", Encoding.ASCII.GetString(buffer, 0, n));
        }
    }

    [Fact]
    public void NonBlockingCanBeSwitchedBothWays()
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        Assert.False(socket.IsNonBlocking);
        socket.IsNonBlocking = true;
        Assert.True(socket.IsNonBlocking);
        socket.IsNonBlocking = false;
        Assert.False(socket.IsNonBlocking);

        using LinuxSocket created = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream, SocketCreationFlags.NonBlocking);
        Assert.True(created.IsNonBlocking);
        Assert.False(created.Handle.IsCloseOnExec);
    }

    [Fact]
    public void PipeCarriesBytesAndReportsEndOfFile()
    {
        var (readEnd, writeEnd) = PipeHandle.CreatePair(nonBlocking: true);
        using (readEnd)
        {
            Assert.False(readEnd.TryRead(new byte[4], out _));
            Assert.True(writeEnd.TryWrite("abc"u8, out int written));
            Assert.Equal(3, written);
            writeEnd.Dispose();

            byte[] buffer = new byte[8];
            Assert.True(readEnd.TryRead(buffer, out int read));
            Assert.Equal("abc", Encoding.ASCII.GetString(buffer, 0, read));
            Assert.Equal(0, readEnd.Read(buffer));
        }
    }

    [Fact]
    public void EventFdCountsAndResets()
    {
        using EventFdHandle eventFd = EventFdHandle.Create(nonBlocking: true);
        Assert.False(eventFd.TryRead(out _));
        Assert.True(eventFd.TryAdd(2));
        Assert.True(eventFd.TryAdd(3));
        Assert.True(eventFd.TryRead(out ulong value));
        Assert.Equal(5UL, value);
        Assert.False(eventFd.TryRead(out _));
        // The counter's maximum is 2^64-2: one more would overflow, which a non-blocking eventfd refuses.
        Assert.True(eventFd.TryAdd(ulong.MaxValue - 1));
        Assert.False(eventFd.TryAdd(1));
    }

    [Fact]
    public void EventFdInSemaphoreModeReadsOneAtATime()
    {
        using EventFdHandle eventFd = EventFdHandle.Create(initialValue: 2, nonBlocking: true, semaphore: true);
        Assert.True(eventFd.TryRead(out ulong first));
        Assert.True(eventFd.TryRead(out ulong second));
        Assert.False(eventFd.TryRead(out _));
        Assert.Equal(1UL, first);
        Assert.Equal(1UL, second);
    }

    private static bool IsOpen(int descriptor) => KiwiShim.kiwi_fcntl_int(descriptor, Libc.F_GETFD, 0) >= 0;

    [Fact]
    public void ClearingCloseOnExecLetsAChildInheritTheDescriptor()
    {
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (readEnd)
        using (writeEnd)
        {
            int fd = (int)writeEnd.DangerousGetHandle();
            Assert.True(writeEnd.IsCloseOnExec);
            Assert.False(ChildSeesDescriptor(fd));

            writeEnd.IsCloseOnExec = false;
            Assert.False(writeEnd.IsCloseOnExec);
            Assert.True(ChildSeesDescriptor(fd));

            writeEnd.IsCloseOnExec = true;
            Assert.True(writeEnd.IsCloseOnExec);
        }
    }

    /// <summary>Runs /bin/sh, which tests whether descriptor <paramref name="fd"/> survived its execve.</summary>
    private static bool ChildSeesDescriptor(int fd)
    {
        using var child = System.Diagnostics.Process.Start("/bin/sh", new[] { "-c", $"test -e /proc/self/fd/{fd}" })!;
        Assert.True(child.WaitForExit(10_000), "the child did not exit");
        return child.ExitCode == 0;
    }
}
