using System;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>Operations are pooled: a long ping-pong on either face allocates (almost) nothing per operation.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SteadyStateAllocationTests : IClassFixture<DescriptorLeakCheck>
{
    private const int RoundTrips = 5000;

    [Fact]
    public async Task AwaitedOperationsAllocateNothingPerOperation()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            byte[] ping = new byte[64];
            byte[] pong = new byte[64];
            // Warm-up fills the pool and tiers the code up.
            await Task.Run(() => PingPongAsync(proactor, a, b, ping, pong, 500)).Bounded();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await Task.Run(() => PingPongAsync(proactor, a, b, ping, pong, RoundTrips)).Bounded();
            long perOperation = (GC.GetTotalAllocatedBytes(precise: true) - before) / (4 * RoundTrips);
            Assert.True(perOperation < 8, $"{perOperation} bytes allocated per operation");
        }
    }

    [Fact]
    public async Task HandledOperationsAllocateNothingPerOperation()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            await new Bouncer(proactor, a.Handle, b.Handle, 500).Run().Bounded();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            Bouncer bouncer = new(proactor, a.Handle, b.Handle, RoundTrips);
            await bouncer.Run().Bounded();
            long perOperation = (GC.GetTotalAllocatedBytes(precise: true) - before) / (4 * RoundTrips);
            Assert.True(perOperation < 8, $"{perOperation} bytes allocated per operation");
        }
    }

    private static async Task PingPongAsync(Net.Proactor.Proactor proactor, LinuxSocket a, LinuxSocket b, byte[] ping, byte[] pong, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await proactor.SendAsync(a, ping, MessageFlags.WaitAll);
            await proactor.ReceiveAsync(b, pong, MessageFlags.WaitAll);
            await proactor.SendAsync(b, pong, MessageFlags.WaitAll);
            await proactor.ReceiveAsync(a, ping, MessageFlags.WaitAll);
        }
    }

    /// <summary>send a → recv b → send b → recv a, <c>count</c> times, all in handlers on the ring thread.</summary>
    private sealed class Bouncer(Net.Proactor.Proactor proactor, SocketHandle a, SocketHandle b, int count)
    {
        private readonly SocketHandle _a = a;
        private readonly SocketHandle _b = b;
        private readonly byte[] _ping = new byte[64];
        private readonly byte[] _pong = new byte[64];
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left = count;

        public Task Run()
        {
            proactor.Send(_a, _ping, OnPingSent, this, MessageFlags.WaitAll);
            return _done.Task;
        }

        private static void OnPingSent(in ProactorCompletion c)
        {
            Bouncer self = (Bouncer)c.State!;
            c.ThrowIfError();
            c.Proactor.Receive(self._b, self._pong, OnPingReceived, self, MessageFlags.WaitAll);
        }

        private static void OnPingReceived(in ProactorCompletion c)
        {
            Bouncer self = (Bouncer)c.State!;
            c.ThrowIfError();
            c.Proactor.Send(self._b, self._pong, OnPongSent, self, MessageFlags.WaitAll);
        }

        private static void OnPongSent(in ProactorCompletion c)
        {
            Bouncer self = (Bouncer)c.State!;
            c.ThrowIfError();
            c.Proactor.Receive(self._a, self._ping, OnPongReceived, self, MessageFlags.WaitAll);
        }

        private static void OnPongReceived(in ProactorCompletion c)
        {
            Bouncer self = (Bouncer)c.State!;
            c.ThrowIfError();
            if (Interlocked.Decrement(ref self._left) == 0)
            {
                self._done.SetResult();
                return;
            }
            c.Proactor.Send(self._a, self._ping, OnPingSent, self, MessageFlags.WaitAll);
        }
    }
}
