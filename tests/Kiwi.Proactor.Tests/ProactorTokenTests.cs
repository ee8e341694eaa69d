using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>A <see cref="CancellationToken"/> (<c>IORING_OP_ASYNC_CANCEL</c> by <c>user_data</c>) and a timeout
/// (<c>IORING_OP_LINK_TIMEOUT</c>) on the awaited operations.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProactorTokenTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public async Task TokenCancelsAPendingReceiveAndTheSocketStaysUsable()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            using CancellationTokenSource source = new();
            Task<int> receive = proactor.ReceiveAsync(a, new byte[4], Timeout.InfiniteTimeSpan, source.Token).AsTask();
            await Loopback.InKernel(proactor);

            source.Cancel();
            OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.Bounded());
            Assert.Equal(source.Token, error.CancellationToken);
            Assert.Equal("io_uring recv was cancelled: its CancellationToken fired", error.Message);
            Assert.Equal(0, proactor.PendingOperations);

            b.SendAll("next"u8);
            byte[] buffer = new byte[4];
            Assert.Equal(4, await proactor.ReceiveAsync(a, buffer).AsTask().Bounded());
            Assert.Equal("next"u8.ToArray(), buffer);
        }
    }

    [Fact]
    public async Task TokenCancelsOnlyItsOwnOperation()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            using CancellationTokenSource source = new();
            Task<int> cancelled = proactor.ReceiveAsync(a, new byte[4], Timeout.InfiniteTimeSpan, source.Token).AsTask();
            Task<int> other = proactor.ReceiveAsync(b, new byte[4]).AsTask();
            await Loopback.InKernel(proactor);

            source.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Bounded());
            a.SendAll("left"u8);
            Assert.Equal(4, await other.Bounded());
        }
    }

    [Fact]
    public async Task ReceiveTimesOutWithTimeoutException()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            TimeoutException error = await Assert.ThrowsAsync<TimeoutException>(
                () => proactor.ReceiveAsync(a, new byte[4], TimeSpan.FromMilliseconds(50), CancellationToken.None).AsTask().Bounded());
            Assert.Equal("io_uring recv timed out after 50 ms (IORING_OP_LINK_TIMEOUT)", error.Message);
            Assert.Equal(0, proactor.PendingOperations);

            b.SendAll("late"u8);
            Assert.Equal(4, await proactor.ReceiveAsync(a, new byte[4], TimeSpan.FromSeconds(30), CancellationToken.None).AsTask().Bounded());
        }
    }

    [Fact]
    public async Task ATokenAlreadyCancelledThrowsAtOnceWithNothingSubmitted()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            CancellationToken cancelled = new(canceled: true);
            ValueTask<int> receive = proactor.ReceiveAsync(a, new byte[4], Timeout.InfiniteTimeSpan, cancelled);
            Assert.True(receive.IsCanceled);
            Assert.Equal(0, proactor.PendingOperations);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.AsTask());

            // Nothing was queued to read the bytes: they are all still in the socket.
            b.SendAll("kept"u8);
            Assert.Equal(4, await proactor.ReceiveAsync(a, new byte[8]).AsTask().Bounded());
        }
    }

    [Fact]
    public async Task DataThatArrivesBeforeTheCancelWins()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            using CancellationTokenSource source = new();
            byte[] buffer = new byte[4];
            Task<int> receive = proactor.ReceiveAsync(a, buffer, Timeout.InfiniteTimeSpan, source.Token).AsTask();
            await Loopback.InKernel(proactor);
            b.SendAll("data"u8);
            Assert.Equal(4, await receive.Bounded());
            // Cancelling after the completion changes nothing: the result was delivered once, and nothing is pending.
            source.Cancel();
            Assert.Equal("data"u8.ToArray(), buffer);
            Assert.Equal(0, proactor.PendingOperations);
        }
    }

    [Fact]
    public async Task ACancelRacingTheDataDeliversExactlyOneOutcome()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            int received = 0;
            for (int round = 0; round < 200; round++)
            {
                using CancellationTokenSource source = new();
                Task<int> receive = proactor.ReceiveAsync(a, new byte[1], Timeout.InfiniteTimeSpan, source.Token).AsTask();
                b.SendAll("x"u8);
                source.Cancel();
                try
                {
                    Assert.Equal(1, await receive.Bounded());
                    received++;
                }
                catch (OperationCanceledException)
                {
                    // Cancelled before the byte landed: it waits in the socket for the next receive.
                }
            }
            // Every byte is read exactly once: by a receive that won its race, or by the drain below.
            byte[] rest = new byte[200];
            int drained = 0;
            while (received + drained < 200)
            {
                int count = await proactor.ReceiveAsync(a, rest, TimeSpan.FromSeconds(30), CancellationToken.None).AsTask().Bounded();
                Assert.True(count > 0);
                drained += count;
            }
            Assert.Equal(200, received + drained);
            Assert.Equal(0, proactor.PendingOperations);
        }
    }

    [Fact]
    public async Task TokenCancelsAPendingAccept()
    {
        using Net.Proactor.Proactor proactor = new();
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback, out IPEndPoint endPoint);
        using CancellationTokenSource source = new();
        Task<LinuxSocket> accept = proactor.AcceptAsync(listener, Timeout.InfiniteTimeSpan, source.Token).AsTask();
        await Loopback.InKernel(proactor);

        source.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accept.Bounded());
        Assert.Equal(0, proactor.PendingOperations);

        using LinuxSocket client = Loopback.NewClient(endPoint);
        client.Connect(endPoint);
        using LinuxSocket accepted = await proactor.AcceptAsync(listener, TimeSpan.FromSeconds(30), CancellationToken.None).AsTask().Bounded();
        Assert.NotNull(accepted);
    }

    [Fact]
    public void ANonPositiveTimeoutIsRefused()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => proactor.ReceiveAsync(a, new byte[4], TimeSpan.Zero, CancellationToken.None));
            Assert.Equal(0, proactor.PendingOperations);
        }
    }
}
