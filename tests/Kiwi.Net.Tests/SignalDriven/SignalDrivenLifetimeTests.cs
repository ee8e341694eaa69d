using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.SignalDriven;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>Unregistering, disposing, failing handlers and failing calls.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SignalDrivenLifetimeTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void DisposeLeavesNoDescriptorOpenAndStopsTheThread()
    {
        Dictionary<int, string> before = DescriptorLeakCheck.Snapshot();
        var (writer, reader) = SocketPairs.NonBlocking();
        SignalDrivenIo io = new();
        int threadId = io.ThreadId;
        NotificationRecorder recorder = new();
        io.Register(reader.Handle, recorder.Handle);
        io.Register(writer.Handle, recorder.Handle);
        writer.Send("x"u8);
        recorder.WaitFor(n => n.Descriptor == reader.Handle.DangerousGetDescriptor());

        io.Dispose();
        io.Dispose();

        Assert.True(SpinWait.SpinUntil(() => !System.IO.Directory.Exists($"/proc/self/task/{threadId}"), Loopback.WaitMs),
            "the dedicated thread still runs");
        // Teardown turned O_ASYNC off, so a later signal cannot aim at a dead (or reused) thread id.
        Assert.Equal(0, KiwiShim.kiwi_fcntl_int(reader.Handle.DangerousGetDescriptor(), Libc.F_GETFL, 0) & Libc.O_ASYNC);
        Assert.Throws<ObjectDisposedException>(() => io.Register(reader.Handle, recorder.Handle));
        Assert.Throws<ObjectDisposedException>(() => io.RequestRepoll());
        Assert.False(io.Unregister(reader.Handle));
        writer.Dispose();
        reader.Dispose();
        Assert.Equal(before.Keys.Order(), DescriptorLeakCheck.Snapshot().Keys.Order());
    }

    [Fact]
    public void ARegistrationKeepsADisposedHandleOpenUntilUnregistered()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (SignalDrivenIo io = new())
        {
            int fd = reader.Handle.DangerousGetDescriptor();
            io.Register(reader.Handle, _ => { });
            reader.Dispose();
            // The number is not free for reuse while signals may still name it.
            Assert.True(DescriptorLeakCheck.Snapshot().ContainsKey(fd));

            Assert.True(io.Unregister(reader.Handle));
            SpinWait.SpinUntil(() => !DescriptorLeakCheck.Snapshot().ContainsKey(fd), Loopback.WaitMs);
            Assert.False(DescriptorLeakCheck.Snapshot().ContainsKey(fd));
        }
    }

    [Fact]
    public void UnregisteredDescriptorIsNoLongerReported()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        var (otherWriter, otherReader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (otherWriter)
        using (otherReader)
        using (SignalDrivenIo io = new())
        {
            NotificationRecorder recorder = new();
            io.Register(reader.Handle, recorder.Handle);
            io.Register(otherReader.Handle, recorder.Handle);
            int fd = reader.Handle.DangerousGetDescriptor();
            int other = otherReader.Handle.DangerousGetDescriptor();

            Assert.True(io.Unregister(reader.Handle));
            Assert.False(io.Unregister(reader.Handle));
            Assert.Equal(1, io.Count);
            writer.Send("ignored"u8);
            otherWriter.Send("seen"u8);

            // The report for the still-registered one comes after anything the other could have raised.
            recorder.WaitFor(n => n.Descriptor == other);
            Assert.DoesNotContain(recorder.Snapshot(), s => s.Notification.Descriptor == fd);
        }
    }

    [Fact]
    public void AThrowingHandlerIsReportedAndTheThreadGoesOn()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (SignalDrivenIo io = new())
        {
            List<SignalIoErrorEventArgs> errors = new();
            io.Error += (_, e) =>
            {
                lock (errors)
                {
                    errors.Add(e);
                }
                throw new InvalidOperationException("a failing error subscriber is dropped too");
            };
            NotificationRecorder recorder = new();
            int calls = 0;
            io.Register(reader.Handle, n =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("handler failure");
                }
                recorder.Handle(n);
            });
            int fd = reader.Handle.DangerousGetDescriptor();

            writer.Send("1"u8);
            Assert.True(SpinWait.SpinUntil(() => { lock (errors) { return errors.Count > 0; } }, Loopback.WaitMs));
            writer.Send("2"u8);
            recorder.WaitFor(n => n.Descriptor == fd);

            SignalIoErrorEventArgs error;
            lock (errors)
            {
                error = errors[0];
            }
            Assert.Equal(fd, error.Descriptor);
            Assert.Equal("handler failure", error.Exception.Message);
        }
    }

    [Fact]
    public void DisposeFromAHandlerStopsTheThread()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        {
            SignalDrivenIo io = new();
            int threadId = io.ThreadId;
            io.Register(reader.Handle, _ => io.Dispose());
            writer.Send("x"u8);
            Assert.True(SpinWait.SpinUntil(() => !System.IO.Directory.Exists($"/proc/self/task/{threadId}"), 10_000),
                "the dedicated thread did not stop");
            Assert.Equal(0, KiwiShim.kiwi_fcntl_int(reader.Handle.DangerousGetDescriptor(), Libc.F_GETFL, 0) & Libc.O_ASYNC);
        }
    }

    [Fact]
    public void RegisteringTwiceOrABadDescriptorFails()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (SignalDrivenIo io = new())
        {
            io.Register(reader.Handle, _ => { });
            Assert.Throws<InvalidOperationException>(() => io.Register(reader.Handle, _ => { }));
            Assert.Equal(1, io.Count);

            using FileDescriptorHandle notOpen = new(1_000_000, ownsHandle: false);
            ErrnoException error = Assert.Throws<ErrnoException>(() => io.Register(notOpen, _ => { }));
            Assert.Equal("fcntl(F_SETSIG)", error.Call);
            Assert.Equal(Libc.EBADF, error.Errno);
            Assert.Equal(1, io.Count);

            var (closed, peer) = LinuxSocket.CreatePair(SocketKind.Stream);
            closed.Dispose();
            peer.Dispose();
            Assert.Throws<ObjectDisposedException>(() => io.Register(closed.Handle, _ => { }));
        }
    }

    [Fact]
    public void SignalOffsetMustNameARealTimeSignalAboveSigrtmin()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignalDrivenIo(signalOffset: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignalDrivenIo(signalOffset: KiwiShim.kiwi_sigrtmax() - KiwiShim.kiwi_sigrtmin() + 1));
        using SignalDrivenIo io = new(signalOffset: 7);
        Assert.Equal(KiwiShim.kiwi_sigrtmin() + 7, io.Signal);
    }
}
