using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>Submissions from many threads (the queue and eventfd wake-up path), handlers on the ring thread, and
/// disposing from a handler or while the ring thread is busy.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProactorThreadingTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public async Task ManyThreadsSubmittingConcurrentlyAllComplete()
    {
        // Continuations on the thread pool: every submission after the first comes from a thread other than the ring's.
        using Net.Proactor.Proactor proactor = new(new ProactorOptions { RunContinuationsAsynchronously = true });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
            using (a)
            using (b)
            {
                byte[] sent = new byte[32];
                byte[] received = new byte[32];
                for (int i = 0; i < 300; i++)
                {
                    Array.Fill(sent, (byte)(t * 31 + i));
                    Assert.False(proactor.IsInRingThread);
                    Task<int> receive = proactor.ReceiveAsync(b, received, MessageFlags.WaitAll).AsTask();
                    Assert.Equal(32, await proactor.SendAsync(a, sent, MessageFlags.WaitAll));
                    Assert.Equal(32, await receive);
                    Assert.Equal(sent, received);
                }
            }
        }))).Bounded();
        Assert.Equal(0, proactor.PendingOperations);
    }

    [Fact]
    public async Task MoreOperationsThanTheRingHoldsAllCompleteAndCancel()
    {
        // 8 submission and 32 completion entries for 100 operations: full submission queues are flushed, and a
        // burst of completions overflows the completion queue (kept by the kernel, IORING_FEAT_NODROP).
        Net.Proactor.Proactor proactor = new(new ProactorOptions { SubmissionEntries = 8 });
        var pairs = Enumerable.Range(0, 100).Select(_ => LinuxSocket.CreatePair(SocketKind.Stream)).ToArray();
        try
        {
            Task<int>[] first = pairs.Select(p => proactor.ReceiveAsync(p.Item1, new byte[8]).AsTask()).ToArray();
            await Loopback.InKernel(proactor);
            foreach (var (_, b) in pairs)
            {
                b.SendAll("12345678"u8);
            }
            Assert.All(await Task.WhenAll(first).Bounded(), n => Assert.Equal(8, n));

            Task<int>[] second = pairs.Select(p => proactor.ReceiveAsync(p.Item1, new byte[8]).AsTask()).ToArray();
            await Loopback.InKernel(proactor);
            Assert.Equal(100, proactor.PendingOperations);
            proactor.Dispose();
            foreach (Task<int> receive in second)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.Bounded());
            }
            Assert.Equal(0, proactor.PendingOperations);
        }
        finally
        {
            proactor.Dispose();
            foreach (var (a, b) in pairs)
            {
                a.Dispose();
                b.Dispose();
            }
        }
    }

    [Fact]
    public async Task HandlersRunOnTheRingThread()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            TaskCompletionSource<bool> onRing = new(TaskCreationOptions.RunContinuationsAsynchronously);
            proactor.Receive(b.Handle, new byte[4], static (in ProactorCompletion c) =>
                ((TaskCompletionSource<bool>)c.State!).SetResult(c.Proactor.IsInRingThread && c.Result == 4), onRing);
            a.SendAll("ping"u8);
            Assert.True(await onRing.Task.Bounded());
        }
    }

    [Fact]
    public async Task DisposeFromAHandlerStopsTheRingAfterTheHandler()
    {
        Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            Task<int> pending = proactor.ReceiveAsync(a, new byte[4]).AsTask();
            TaskCompletionSource disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            proactor.Receive(b.Handle, new byte[4], static (in ProactorCompletion c) =>
            {
                c.Proactor.Dispose();
                ((TaskCompletionSource)c.State!).SetResult();
            }, disposed);
            a.SendAll("stop"u8);
            await disposed.Task.Bounded();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.Bounded());
            SpinWait.SpinUntil(() => proactor.PendingOperations == 0, Loopback.Limit);
            Assert.Equal(0, proactor.PendingOperations);
            proactor.Dispose();
        }
    }

    [Fact]
    public async Task OperationsQueuedWhileTheRingThreadIsBusyAreCancelledByDispose()
    {
        Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (c, d) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        using (c)
        using (d)
        {
            using ManualResetEventSlim gate = new();
            using ManualResetEventSlim blocked = new();
            // A handler that holds the ring thread until the test lets it go.
            proactor.Receive(b.Handle, new byte[1], static (in ProactorCompletion completion) =>
            {
                var (gate, blocked) = ((ManualResetEventSlim, ManualResetEventSlim))completion.State!;
                blocked.Set();
                gate.Wait(Loopback.Limit);
            }, (gate, blocked));
            a.SendAll("!"u8);
            Assert.True(blocked.Wait(Loopback.Limit));

            Task<int>[] queued = Enumerable.Range(0, 8).Select(_ => proactor.ReceiveAsync(c, new byte[8]).AsTask()).ToArray();
            Task disposing = Task.Run(proactor.Dispose);
            SpinWait.SpinUntil(() => disposing.IsCompleted, 200);
            gate.Set();
            await disposing.Bounded();

            foreach (Task<int> receive in queued)
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.Bounded());
            }
            Assert.Equal(0, proactor.PendingOperations);
        }
    }
}
