using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>
/// The provided buffer ring (<c>IORING_REGISTER_PBUF_RING</c>) with multishot receive and sends from provided
/// buffers: every arrival in a buffer the kernel picked, buffers reused once returned, <c>ENOBUFS</c> when all are
/// held, and an echo on them that allocates nothing per message.
/// </summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProvidedBufferTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void MultishotReceiveDeliversEveryArrivalInAProvidedBufferAndReusesReturnedOnes()
    {
        using Net.Proactor.Proactor proactor = new(new ProactorOptions { ProvidedBufferCount = 4, ProvidedBufferSize = 64 });
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            if (!proactor.SupportsMultishotReceive)
            {
                Assert.Throws<NotSupportedException>(() => proactor.ReceiveMultishot(a.Handle, static (in ProactorCompletion _) => { }));
                return;
            }
            Assert.NotNull(proactor.ProvidedBuffers);
            var arrivals = new BlockingCollection<string>();
            proactor.ReceiveMultishot(a.Handle, OnReceived, arrivals);
            for (int i = 0; i < 20; i++)
            {
                b.Send(Encoding.ASCII.GetBytes($"m{i:D2}"));
                Assert.True(arrivals.TryTake(out string? arrival, Loopback.Limit), $"arrival {i}");
                Assert.Matches($"^[0-3]:m{i:D2}:more$", arrival);
            }
            b.Shutdown(ShutdownHow.Write);
            Assert.True(arrivals.TryTake(out string? end, Loopback.Limit), "the end of stream");
            Assert.Equal("-1:0:end", end);
        }

        static void OnReceived(in ProactorCompletion c)
        {
            var arrivals = (BlockingCollection<string>)c.State!;
            if (c.Result > 0)
            {
                string text = Encoding.ASCII.GetString(c.Proactor.ProvidedBuffers!.GetBuffer(c.BufferId, c.Result));
                // Returned at once: four buffers carry twenty arrivals.
                c.Proactor.ProvidedBuffers.Return(c.BufferId);
                arrivals.Add($"{c.BufferId}:{text}:{(c.HasMore ? "more" : "end")}");
            }
            else
            {
                arrivals.Add($"{c.BufferId}:{c.Result}:{(c.HasMore ? "more" : "end")}");
            }
        }
    }

    [Fact]
    public void WithEveryBufferHeldTheReceiveEndsWithENOBUFSAndGoesOnOnceTheyAreReturned()
    {
        using Net.Proactor.Proactor proactor = new(new ProactorOptions { ProvidedBufferCount = 2, ProvidedBufferSize = 64 });
        if (!proactor.SupportsMultishotReceive)
        {
            return;
        }
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            Holder holder = new(a.Handle);
            proactor.ReceiveMultishot(a.Handle, Holder.OnReceived, holder);
            for (int i = 0; i < 3; i++)
            {
                b.Send(Encoding.ASCII.GetBytes($"m{i}"));
                Assert.True(holder.Events.TryTake(out string? seen, Loopback.Limit), $"arrival {i}");
                if (i == 2)
                {
                    // The third arrival found no buffer: the request ended, the handler returned both and asked again.
                    Assert.Equal($"-{Libc.ENOBUFS}", seen);
                    Assert.True(holder.Events.TryTake(out seen, Loopback.Limit), "the third arrival after the return");
                }
                Assert.Equal($"m{i}", seen);
            }
            b.Shutdown(ShutdownHow.Write);
            Assert.True(holder.Events.TryTake(out string? end, Loopback.Limit), "the end of stream");
            Assert.Equal("0", end);
        }
    }

    [Fact]
    public void ReturnOffTheRingThreadAndABadCountAreRefusedClearly()
    {
        using (Net.Proactor.Proactor proactor = new(new ProactorOptions { ProvidedBufferCount = 8 }))
        {
            ProvidedBufferRing? buffers = proactor.ProvidedBuffers;
            Assert.NotNull(buffers);
            Assert.Equal(8, buffers.Count);
            Assert.Equal(16 * 1024, buffers.BufferSize);
            Assert.Throws<InvalidOperationException>(() => buffers.Return(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => buffers.GetBuffer(8, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => proactor.SendProvided(new SocketHandle(-1), 0, 16 * 1024, 1, static (in ProactorCompletion _) => { }));
        }
        using (Net.Proactor.Proactor plain = new())
        {
            Assert.Null(plain.ProvidedBuffers);
            Assert.Throws<NotSupportedException>(() => plain.ReceiveMultishot(new SocketHandle(-1), static (in ProactorCompletion _) => { }));
        }
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new Net.Proactor.Proactor(new ProactorOptions { ProvidedBufferCount = 3 }));
        Assert.Contains("IORING_REGISTER_PBUF_RING", error.Message);
    }

    [Fact]
    public async Task AnEchoOnProvidedBuffersIsByteExactAndAllocatesNothingPerMessage()
    {
        const int RoundTrips = 5000;
        using Net.Proactor.Proactor proactor = new(new ProactorOptions { ProvidedBufferCount = 16, ProvidedBufferSize = 256 });
        if (!proactor.SupportsMultishotReceive)
        {
            return;
        }
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            proactor.ReceiveMultishot(a.Handle, Echo.OnReceived, a.Handle);
            await new Pinger(proactor, b.Handle, 500).Run().Bounded();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await new Pinger(proactor, b.Handle, RoundTrips).Run().Bounded();
            long perMessage = (GC.GetTotalAllocatedBytes(precise: true) - before) / RoundTrips;
            Assert.True(perMessage < 8, $"{perMessage} bytes allocated per echoed message");
        }
    }

    /// <summary>Holds every buffer it gets; on ENOBUFS gives them all back and asks again.</summary>
    private sealed class Holder(SocketHandle socket)
    {
        private readonly SocketHandle _socket = socket;
        private readonly int[] _held = new int[2];
        private int _heldCount;

        public BlockingCollection<string> Events { get; } = new();

        public static void OnReceived(in ProactorCompletion c)
        {
            Holder self = (Holder)c.State!;
            if (c.Result > 0)
            {
                self._held[self._heldCount++] = c.BufferId;
                self.Events.Add(Encoding.ASCII.GetString(c.Proactor.ProvidedBuffers!.GetBuffer(c.BufferId, c.Result)));
                if (!c.HasMore)
                {
                    c.Proactor.ReceiveMultishot(self._socket, OnReceived, self);
                }
                return;
            }
            self.Events.Add(c.Result.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (c.Result == -Libc.ENOBUFS)
            {
                for (int i = 0; i < self._heldCount; i++)
                {
                    c.Proactor.ProvidedBuffers!.Return(self._held[i]);
                }
                self._heldCount = 0;
                c.Proactor.ReceiveMultishot(self._socket, OnReceived, self);
            }
        }
    }

    /// <summary>The echo side: each arrival sent back from its buffer, the buffer returned when the send completes.</summary>
    private static class Echo
    {
        public static void OnReceived(in ProactorCompletion c)
        {
            SocketHandle socket = (SocketHandle)c.State!;
            if (c.Result > 0)
            {
                c.Proactor.SendProvided(socket, c.BufferId, 0, c.Result, OnSent, BufferTag(c.BufferId), MessageFlags.WaitAll);
                if (!c.HasMore)
                {
                    c.Proactor.ReceiveMultishot(socket, OnReceived, socket);
                }
            }
        }

        private static void OnSent(in ProactorCompletion c)
        {
            c.Proactor.ProvidedBuffers!.Return((int)c.State!);
        }

        // Boxed ids made once: handing an int as the state must not allocate per message.
        private static readonly object[] s_tags = Enumerable.Range(0, 16).Select(i => (object)i).ToArray();

        private static object BufferTag(int id) => s_tags[id];
    }

    /// <summary>send 64 bytes → receive 64 bytes, <c>count</c> times, in handlers, checking every echoed byte.</summary>
    private sealed class Pinger(Net.Proactor.Proactor proactor, SocketHandle socket, int count)
    {
        private readonly SocketHandle _socket = socket;
        private readonly byte[] _ping = GC.AllocateArray<byte>(64, pinned: true);
        private readonly byte[] _pong = GC.AllocateArray<byte>(64, pinned: true);
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left = count;

        public Task Run()
        {
            Next(proactor);
            return _done.Task;
        }

        private void Next(Net.Proactor.Proactor ring)
        {
            _ping.AsSpan().Fill((byte)_left);
            ring.Send(_socket, _ping, OnSent, this, MessageFlags.WaitAll);
        }

        private static void OnSent(in ProactorCompletion c)
        {
            Pinger self = (Pinger)c.State!;
            c.ThrowIfError();
            c.Proactor.Receive(self._socket, self._pong, OnReceived, self, MessageFlags.WaitAll);
        }

        private static void OnReceived(in ProactorCompletion c)
        {
            Pinger self = (Pinger)c.State!;
            if (c.ThrowIfError() != 64 || !self._pong.AsSpan().SequenceEqual(self._ping))
            {
                self._done.TrySetException(new InvalidOperationException("the echo came back changed"));
                return;
            }
            if (Interlocked.Decrement(ref self._left) == 0)
            {
                self._done.SetResult();
                return;
            }
            self.Next(c.Proactor);
        }
    }
}
