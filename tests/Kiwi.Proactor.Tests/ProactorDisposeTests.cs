using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>Dispose cancels what is in flight: awaiters see a cancellation, handlers <c>-ECANCELED</c>, and no
/// operation, pin, descriptor or mapping is left.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProactorDisposeTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public async Task DisposeCancelsPendingReceivesAndLeaksNothing()
    {
        int mappingsBefore = IoUringTests.RingMappings();
        Dictionary<int, string> before = DescriptorLeakCheck.Snapshot();
        List<(LinuxSocket, LinuxSocket)> pairs = Enumerable.Range(0, 32).Select(_ => LinuxSocket.CreatePair(SocketKind.Stream)).ToList();
        CountingMemory memory = new(4096);
        Net.Proactor.Proactor proactor = new();
        List<Task<int>> receives = new();
        for (int i = 0; i < pairs.Count; i++)
        {
            // No data ever comes: these stay pending in the kernel until the dispose.
            receives.Add(proactor.ReceiveAsync(pairs[i].Item1, memory.Memory.Slice(i * 128, 128)).AsTask());
        }
        Outcomes outcomes = new();
        for (int i = 0; i < pairs.Count; i++)
        {
            proactor.Receive(pairs[i].Item2.Handle, memory.Memory.Slice(i * 128, 1), static (in ProactorCompletion c) =>
            {
                Outcomes o = (Outcomes)c.State!;
                Interlocked.Increment(ref c.IsCanceled ? ref o.Canceled : ref o.Other);
            }, outcomes);
        }
        await Loopback.InKernel(proactor);
        Assert.Equal(2 * pairs.Count, proactor.PendingOperations);
        Assert.Equal(2 * pairs.Count, memory.Pins);

        proactor.Dispose();

        Assert.Equal(0, proactor.PendingOperations);
        foreach (Task<int> receive in receives)
        {
            OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.Bounded());
            // Cancelled in the kernel (IORING_OP_ASYNC_CANCEL), not merely dropped from the queue.
            Assert.Contains("io_uring recv", error.Message);
            Assert.Equal("ECANCELED", Assert.IsType<ErrnoException>(error.InnerException).ErrnoName);
        }
        Assert.Equal(pairs.Count, outcomes.Canceled);
        Assert.Equal(0, outcomes.Other);
        Assert.Equal(memory.Pins, memory.Unpins);
        Assert.Throws<ObjectDisposedException>(() => { _ = proactor.ReceiveAsync(pairs[0].Item1, new byte[1]); });

        foreach ((LinuxSocket a, LinuxSocket b) in pairs)
        {
            // The sockets are still usable: the cancelled operations gave their references back.
            b.SendAll("x"u8);
            Assert.Equal(1, a.Receive(new byte[1]));
            a.Dispose();
            b.Dispose();
        }
        Assert.Equal(before.Count, DescriptorLeakCheck.Snapshot().Count);
        Assert.Equal(mappingsBefore, IoUringTests.RingMappings());
    }

    [Fact]
    public async Task DisposeCancelsPendingSingleAndMultishotAccepts()
    {
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback, out _);
        Net.Proactor.Proactor proactor = new();
        Task<LinuxSocket> accept = proactor.AcceptAsync(listener).AsTask();
        TaskCompletionSource<int> multishot = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using LinuxSocket second = Loopback.Listen(IPAddress.Loopback, out _);
        proactor.AcceptMultishot(second.Handle, static (in ProactorCompletion c) =>
        {
            ((TaskCompletionSource<int>)c.State!).TrySetResult(c.Result);
        }, multishot);
        await Loopback.InKernel(proactor);

        proactor.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accept.Bounded());
        Assert.Equal(-Interop.Libc.ECANCELED, await multishot.Task.Bounded());
        Assert.Equal(0, proactor.PendingOperations);
    }

    [Fact]
    public void DisposeIsIdempotentAndCreatesNoLeakOverManyProactors()
    {
        int mappingsBefore = IoUringTests.RingMappings();
        int descriptorsBefore = DescriptorLeakCheck.Snapshot().Count;
        for (int i = 0; i < 20; i++)
        {
            Net.Proactor.Proactor proactor = new(new ProactorOptions { SubmissionEntries = 64 });
            proactor.Dispose();
            proactor.Dispose();
        }
        Assert.Equal(mappingsBefore, IoUringTests.RingMappings());
        Assert.Equal(descriptorsBefore, DescriptorLeakCheck.Snapshot().Count);
    }

    private sealed class Outcomes
    {
        public int Canceled;
        public int Other;
    }

    /// <summary>Memory whose pins and unpins are counted, to prove every pin is released.</summary>
    private sealed unsafe class CountingMemory(int length) : MemoryManager<byte>
    {
        private readonly byte[] _array = GC.AllocateArray<byte>(length, pinned: true);
        private int _pins;
        private int _unpins;

        public int Pins => Volatile.Read(ref _pins);

        public int Unpins => Volatile.Read(ref _unpins);

        public override Span<byte> GetSpan() => _array;

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            Interlocked.Increment(ref _pins);
            return new MemoryHandle((byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_array, elementIndex), default, this);
        }

        public override void Unpin() => Interlocked.Increment(ref _unpins);

        protected override void Dispose(bool disposing)
        {
        }
    }
}
