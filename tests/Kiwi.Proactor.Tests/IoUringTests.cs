using System;
using System.IO;
using System.Linq;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>The ring itself: setup and mapping, a round trip through both queues, the probe, teardown.</summary>
[Collection(DescriptorCollection.Name)]
public sealed unsafe class IoUringTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void SetupReportsSizesAndFeatures()
    {
        using IoUring ring = new(8);
        Assert.Equal(8u, ring.SubmissionEntries);
        Assert.Equal(16u, ring.CompletionEntries);
        Assert.NotEqual(0u, ring.Features & Libc.IORING_FEAT_SINGLE_MMAP);
        Assert.False(ring.Handle.IsInvalid);
    }

    [Fact]
    public void NopRoundTripCarriesUserData()
    {
        using IoUring ring = new(4, 0, 16);
        Assert.Equal(16u, ring.CompletionEntries);
        Span<io_uring_cqe> completions = stackalloc io_uring_cqe[16];
        // Three laps around a 4-entry ring: the masks and the indirection array wrap.
        for (ulong lap = 0; lap < 3; lap++)
        {
            for (ulong i = 0; i < 4; i++)
            {
                io_uring_sqe* sqe = ring.NextSubmissionEntry();
                Assert.True(sqe != null);
                sqe->opcode = Libc.IORING_OP_NOP;
                sqe->user_data = 0xABCD_0000_0000_0000UL | (lap << 8) | i;
            }
            Assert.True(ring.NextSubmissionEntry() == null, "a full submission queue hands out no entry");
            Assert.Equal(4, ring.SubmitAndWait(4));
            Assert.Equal(0u, ring.PendingSubmissions);
            int count = ring.CopyCompletions(completions);
            Assert.Equal(4, count);
            ulong[] seen = completions[..count].ToArray().Select(c => c.user_data).OrderBy(u => u).ToArray();
            Assert.Equal(Enumerable.Range(0, 4).Select(i => 0xABCD_0000_0000_0000UL | (lap << 8) | (uint)i), seen);
            Assert.All(completions[..count].ToArray(), c => Assert.Equal(0, c.res));
            Assert.Equal(0, ring.CopyCompletions(completions));
        }
    }

    [Fact]
    public void ProbeKnowsTheSocketOperations()
    {
        using IoUring ring = new(4);
        Assert.True(ring.Supports(Libc.IORING_OP_NOP));
        Assert.True(ring.Supports(Libc.IORING_OP_ACCEPT));
        Assert.True(ring.Supports(Libc.IORING_OP_CONNECT));
        Assert.True(ring.Supports(Libc.IORING_OP_RECV));
        Assert.True(ring.Supports(Libc.IORING_OP_SEND));
        Assert.True(ring.Supports(Libc.IORING_OP_CLOSE));
        Assert.True(ring.Supports(Libc.IORING_OP_ASYNC_CANCEL));
        Assert.False(ring.Supports(255));
        Assert.False(ring.Supports(-1));
    }

    [Fact]
    public void UnknownSetupFlagIsAnErrnoExceptionAndLeavesNothingBehind()
    {
        int mappingsBefore = RingMappings();
        ErrnoException error = Assert.Throws<ErrnoException>(() => new IoUring(4, 1u << 30));
        Assert.Equal("io_uring_setup", error.Call);
        Assert.Equal("EINVAL", error.ErrnoName);
        Assert.Equal(mappingsBefore, RingMappings());
    }

    [Fact]
    public void ARegisteredRingDescriptorIsEnteredByIndexAndGivenBackOnDispose()
    {
        Span<io_uring_cqe> completions = stackalloc io_uring_cqe[8];
        // The kernel keeps 16 registered rings per thread: 40 rings in a row pass only if each Dispose unregisters.
        for (int i = 0; i < 40; i++)
        {
            using IoUring ring = new(4, 0, 8);
            Assert.True(ring.RegisterRingDescriptor(), "IORING_REGISTER_RING_FDS (Linux 5.18)");
            Assert.True(ring.IsRingDescriptorRegistered);
            io_uring_sqe* sqe = ring.NextSubmissionEntry();
            sqe->opcode = Libc.IORING_OP_NOP;
            sqe->user_data = (ulong)i;
            Assert.Equal(1, ring.SubmitAndWait(1));
            Assert.Equal(1, ring.CopyCompletions(completions));
            Assert.Equal((ulong)i, completions[0].user_data);
        }
        using Net.Proactor.Proactor proactor = new();
        Assert.True(proactor.IsRingDescriptorRegistered);
    }

    [Fact]
    public void SetupAndTeardownLeaveNoMappingAndNoDescriptor()
    {
        int mappingsBefore = RingMappings();
        int descriptorsBefore = DescriptorLeakCheck.Snapshot().Count;
        for (int i = 0; i < 50; i++)
        {
            using IoUring ring = new(64, 0, (uint)(i % 2 == 0 ? 0 : 256));
            Assert.True(RingMappings() > mappingsBefore, "the ring's regions show in /proc/self/maps while it lives");
        }
        Assert.Equal(mappingsBefore, RingMappings());
        Assert.Equal(descriptorsBefore, DescriptorLeakCheck.Snapshot().Count);
    }

    [Fact]
    public void DisposedRingRefusesWork()
    {
        IoUring ring = new(4);
        ring.Dispose();
        ring.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = ring.NextSubmissionEntry(); });
        Assert.Throws<ObjectDisposedException>(() => ring.Submit());
    }

    [Fact]
    public void UnavailableExceptionNamesTheErrno()
    {
        IoUringUnavailableException error = new(Libc.EPERM, "/proc/sys/kernel/io_uring_disabled = 2");
        Assert.StartsWith("io_uring is unavailable: io_uring_setup failed with EPERM", error.Message);
        Assert.Equal("EPERM", error.ErrnoName);
        Assert.IsType<ErrnoException>(error.InnerException);
    }

    /// <summary>Lines of /proc/self/maps that map an io_uring instance.</summary>
    internal static int RingMappings() => File.ReadLines("/proc/self/maps").Count(line => line.Contains("io_uring", StringComparison.Ordinal));
}
