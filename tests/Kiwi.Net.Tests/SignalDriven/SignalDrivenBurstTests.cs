using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.SignalDriven;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>Floods of signals: 10,000 notifications reach only the dedicated thread, and a real queue overflow
/// (plain SIGIO) is recovered by re-polling, so no byte is stranded.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SignalDrivenBurstTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void BurstOfTenThousandNotificationsStaysOnTheDedicatedThread()
    {
        const int Pairs = 8;
        const int WritesPerPair = 1250; // 10,000 writes, one signal each
        const int WriteSize = 8;
        List<(LinuxSocket Writer, LinuxSocket Reader)> pairs = SocketPairs.Many(Pairs);
        try
        {
            using SignalDrivenIo io = new();
            NotificationRecorder recorder = new();
            foreach (var pair in pairs)
            {
                io.Register(pair.Reader.Handle, recorder.Handle);
            }

            // One writer thread per pair (blocking sockets: a writer waits when its reader falls behind).
            Thread[] writers = pairs.Select(pair => new Thread(() =>
            {
                byte[] chunk = new byte[WriteSize];
                for (int i = 0; i < WritesPerPair; i++)
                {
                    pair.Writer.SendAll(chunk);
                }
            })).ToArray();
            foreach (Thread writer in writers)
            {
                writer.Start();
            }
            foreach (Thread writer in writers)
            {
                Assert.True(writer.Join(TimeSpan.FromSeconds(60)), "a writer did not finish within 60 s");
            }

            foreach (var pair in pairs)
            {
                recorder.WaitForBytes(pair.Reader.Handle.DangerousGetDescriptor(), (long)WritesPerPair * WriteSize, 60_000);
            }

            // Every write raised a queued signal (or the queue overflowed into SIGIO): the data may be drained before
            // the last of them is read, so wait for the count.
            SpinWait.SpinUntil(() => io.SignalCount >= Pairs * WritesPerPair || io.OverflowCount > 0, 30_000);
            Assert.True(io.SignalCount >= Pairs * WritesPerPair || io.OverflowCount > 0,
                $"signals {io.SignalCount}, overflows {io.OverflowCount}");
            Assert.All(recorder.Snapshot(), s => Assert.Equal(io.ThreadId, s.ThreadId));
            AssertNoOtherThreadHolds(io);
        }
        finally
        {
            SocketPairs.DisposeAll(pairs);
        }
    }

    [Fact]
    public void OverflowWithAnEmptyQueueLimitFallsBackToSigioAndRepolls()
    {
        var (writer, reader) = SocketPairs.NonBlocking();
        using (writer)
        using (reader)
        using (SignalDrivenIo io = new())
        {
            NotificationRecorder recorder = new();
            io.Register(reader.Handle, recorder.Handle);
            int fd = reader.Handle.DangerousGetDescriptor();
            RegistrationBarrier.Wait(io);

            using (SignalQueueOverflow.Limit(0))
            {
                writer.Send("overflow"u8);
                SignalIoNotification report = recorder.WaitFor(n => n.Descriptor == fd);
                Assert.Equal(SignalIoReason.Polled, report.Reason);
                Assert.Equal(PollEvents.In, report.Band & PollEvents.In);
            }
            recorder.WaitForBytes(fd, 8, Loopback.WaitMs);
            Assert.True(io.OverflowCount >= 1);
            Assert.Equal(0, io.SignalCount);
            AssertNoOtherThreadHolds(io);
        }
    }

    [Fact]
    public void FloodPastTheQueueLimitLosesNoData()
    {
        const int Pairs = 24;
        const int WritesPerPair = 60;
        List<(LinuxSocket Writer, LinuxSocket Reader)> pairs = SocketPairs.Many(Pairs, nonBlockingWriters: true);
        long[] written = new long[Pairs];
        try
        {
            using SignalDrivenIo io = new();
            using ManualResetEventSlim release = new();
            NotificationRecorder recorder = new();
            // The first report holds the thread, so that signals pile up in the queue behind it.
            foreach (var pair in pairs)
            {
                io.Register(pair.Reader.Handle, n =>
                {
                    release.Wait(TimeSpan.FromSeconds(30));
                    recorder.Handle(n);
                });
            }
            // From here on only signals and the re-poll can report the 24 descriptors.
            RegistrationBarrier.Wait(io);

            // Room for 4 queued signals: most descriptors are then named by no signal, only found by the re-poll.
            using (SignalQueueOverflow.Limit(4))
            {
                byte[] chunk = new byte[4];
                for (int i = 0; i < WritesPerPair; i++)
                {
                    for (int p = 0; p < Pairs; p++)
                    {
                        if (pairs[p].Writer.TrySend(chunk, out int sent))
                        {
                            written[p] += sent;
                        }
                    }
                }
                release.Set();
                for (int p = 0; p < Pairs; p++)
                {
                    recorder.WaitForBytes(pairs[p].Reader.Handle.DangerousGetDescriptor(), written[p], 30_000);
                }
            }
            Assert.True(io.OverflowCount >= 1, $"no overflow: {io.SignalCount} signals queued");
            Assert.Contains(recorder.Snapshot(), s => s.Notification.Reason == SignalIoReason.Polled);
            for (int p = 0; p < Pairs; p++)
            {
                Assert.Equal(written[p], recorder.BytesOf(pairs[p].Reader.Handle.DangerousGetDescriptor()));
            }
            AssertNoOtherThreadHolds(io);
        }
        finally
        {
            SocketPairs.DisposeAll(pairs);
        }
    }

    /// <summary>No thread but the dedicated one has the signals pending, and nothing is pending process-wide:
    /// the kernel aimed every signal at one thread.</summary>
    private static void AssertNoOtherThreadHolds(SignalDrivenIo io)
    {
        ulong ours = ThreadSignals.Bit(io.Signal) | ThreadSignals.Bit(Libc.SIGIO);
        foreach (ThreadSignals thread in ThreadSignals.All())
        {
            Assert.Equal(0UL, thread.SharedPending & ours);
            if (thread.ThreadId != io.ThreadId)
            {
                Assert.Equal(0UL, thread.Pending & ours);
            }
        }
    }
}
