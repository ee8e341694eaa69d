using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.SignalDriven;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>Signal-driven I/O on real descriptors: reports name the descriptor and band, on the dedicated thread.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SignalDrivenIoTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void SocketpairWriteRaisesPollInNamingTheDescriptor()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (SignalDrivenIo io = new())
        {
            NotificationRecorder recorder = new();
            io.Register(reader.Handle, recorder.Handle);
            int fd = reader.Handle.DangerousGetDescriptor();

            writer.Send("hello"u8);

            SignalIoNotification report = recorder.WaitFor(n => n.Descriptor == fd && n.Reason == SignalIoReason.In);
            Assert.Same(reader.Handle, report.Handle);
            Assert.True((report.Band & PollEvents.In) != 0, $"band {report.Band}");
            Assert.True(report.IsReadable);
            recorder.WaitForBytes(fd, 5, Loopback.WaitMs);
            Assert.All(recorder.Snapshot(), s => Assert.Equal(io.ThreadId, s.ThreadId));
            Assert.True(io.SignalCount >= 1);
            Assert.Equal(0, io.OverflowCount);
        }
    }

    [Fact]
    public void LoopbackTcpDataRaisesPollIn()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        using (SignalDrivenIo io = new())
        {
            server.IsNonBlocking = true;
            NotificationRecorder recorder = new();
            io.Register(server.Handle, recorder.Handle);
            int fd = server.Handle.DangerousGetDescriptor();

            client.SendAll(new byte[1000]);

            SignalIoNotification report = recorder.WaitFor(n => n.Descriptor == fd && n.Reason == SignalIoReason.In);
            Assert.True((report.Band & PollEvents.In) != 0, $"band {report.Band}");
            recorder.WaitForBytes(fd, 1000, Loopback.WaitMs);
        }
    }

    [Fact]
    public void TcpPeerCloseIsReported()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (server)
        using (SignalDrivenIo io = new())
        {
            server.IsNonBlocking = true;
            NotificationRecorder recorder = new();
            io.Register(server.Handle, recorder.Handle);
            int fd = server.Handle.DangerousGetDescriptor();

            client.Dispose();

            // The FIN wakes readers (POLL_IN): the read that follows sees end of stream.
            recorder.WaitFor(n => n.Descriptor == fd && n.IsReadable);
            Assert.Equal(PollEvents.In, RawDescriptor.WaitFor(fd, PollEvents.In, 0) & PollEvents.In);
        }
    }

    [Fact]
    public void UrgentTcpDataRaisesPollPri()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        using (SignalDrivenIo io = new())
        {
            server.IsNonBlocking = true;
            NotificationRecorder recorder = new(drain: false);
            io.Register(server.Handle, recorder.Handle);
            int fd = server.Handle.DangerousGetDescriptor();

            // Urgent data also sends SIGURG to the owner: the dedicated thread, where it is ignored.
            client.Send("!"u8, MessageFlags.OutOfBand);

            SignalIoNotification report = recorder.WaitFor(n => n.Descriptor == fd && n.Reason == SignalIoReason.Priority);
            Assert.Equal(PollEvents.Priority, report.Band & PollEvents.Priority);
            Span<byte> urgent = stackalloc byte[1];
            Assert.Equal(1, server.Receive(urgent, MessageFlags.OutOfBand));
            Assert.Equal((byte)'!', urgent[0]);
        }
    }

    [Fact]
    public void SeveralDescriptorsEachGetTheirOwnReports()
    {
        const int Pairs = 6;
        List<(LinuxSocket Writer, LinuxSocket Reader)> pairs = SocketPairs.Many(Pairs);
        try
        {
            using SignalDrivenIo io = new();
            NotificationRecorder recorder = new();
            foreach (var pair in pairs)
            {
                io.Register(pair.Reader.Handle, recorder.Handle);
            }
            Assert.Equal(Pairs, io.Count);

            for (int i = 0; i < Pairs; i++)
            {
                pairs[i].Writer.Send(new byte[i + 1]);
            }

            for (int i = 0; i < Pairs; i++)
            {
                int fd = pairs[i].Reader.Handle.DangerousGetDescriptor();
                recorder.WaitFor(n => n.Descriptor == fd && n.Reason == SignalIoReason.In);
                recorder.WaitForBytes(fd, i + 1, Loopback.WaitMs);
                Assert.Equal(i + 1, recorder.BytesOf(fd));
            }
            int[] registered = pairs.Select(p => p.Reader.Handle.DangerousGetDescriptor()).ToArray();
            Assert.All(recorder.Snapshot(), s => Assert.Contains(s.Notification.Descriptor, registered));
        }
        finally
        {
            SocketPairs.DisposeAll(pairs);
        }
    }

    [Fact]
    public unsafe void RegistrationSetsOwnerThreadSignalAndAsync()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (SignalDrivenIo io = new())
        {
            int fd = reader.Handle.DangerousGetDescriptor();
            io.Register(reader.Handle, _ => { });

            f_owner_ex owner = default;
            Assert.Equal(0, KiwiShim.kiwi_fcntl_ptr(fd, Libc.F_GETOWN_EX, &owner));
            Assert.Equal((uint)Libc.F_OWNER_TID, owner.type);
            Assert.Equal(io.ThreadId, owner.pid);
            Assert.Equal(io.Signal, KiwiShim.kiwi_fcntl_int(fd, Libc.F_GETSIG, 0));
            Assert.NotEqual(0, KiwiShim.kiwi_fcntl_int(fd, Libc.F_GETFL, 0) & Libc.O_ASYNC);
            Assert.True(io.Signal > KiwiShim.kiwi_sigrtmin() && io.Signal <= KiwiShim.kiwi_sigrtmax());

            // The dedicated thread blocks both signals (so they wait for its signalfd).
            ThreadSignals thread = ThreadSignals.Read(io.ThreadId);
            Assert.NotEqual(0UL, thread.Blocked & ThreadSignals.Bit(io.Signal));
            Assert.NotEqual(0UL, thread.Blocked & ThreadSignals.Bit(Libc.SIGIO));

            Assert.True(io.Unregister(reader.Handle));
            Assert.Equal(0, KiwiShim.kiwi_fcntl_int(fd, Libc.F_GETFL, 0) & Libc.O_ASYNC);
            Assert.Equal(0, KiwiShim.kiwi_fcntl_ptr(fd, Libc.F_GETOWN_EX, &owner));
            Assert.Equal(0, owner.pid);
            Assert.Equal(0, KiwiShim.kiwi_fcntl_int(fd, Libc.F_GETSIG, 0));
        }
    }

    [Fact]
    public void DataThatArrivedBeforeRegistrationIsReportedByPoll()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (SignalDrivenIo io = new())
        {
            writer.Send("early"u8);
            NotificationRecorder recorder = new();
            io.Register(reader.Handle, recorder.Handle);
            int fd = reader.Handle.DangerousGetDescriptor();

            SignalIoNotification report = recorder.WaitFor(n => n.Descriptor == fd);
            Assert.Equal(SignalIoReason.Polled, report.Reason);
            Assert.Equal(PollEvents.In, report.Band & PollEvents.In);
            recorder.WaitForBytes(fd, 5, Loopback.WaitMs);
        }
    }

    [Fact]
    public void RequestRepollReportsReadyDescriptors()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        var (idleWriter, idleReader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (idleWriter)
        using (idleReader)
        using (SignalDrivenIo io = new())
        {
            NotificationRecorder recorder = new(drain: false);
            io.Register(reader.Handle, recorder.Handle);
            io.Register(idleReader.Handle, recorder.Handle);
            int fd = reader.Handle.DangerousGetDescriptor();
            int idle = idleReader.Handle.DangerousGetDescriptor();
            RegistrationBarrier.Wait(io);
            writer.Send("x"u8);
            recorder.WaitFor(n => n.Descriptor == fd && n.Reason == SignalIoReason.In);

            // The handler left the byte unread: the re-poll that follows a queue overflow finds it again.
            io.RequestRepoll();
            SignalIoNotification report = recorder.WaitFor(n => n.Descriptor == fd && n.Reason == SignalIoReason.Polled);
            Assert.Equal(PollEvents.In, report.Band & PollEvents.In);
            Assert.DoesNotContain(recorder.Snapshot(), s => s.Notification.Descriptor == idle);
        }
    }
}
