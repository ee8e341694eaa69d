using System;
using System.Net;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>Cancelling the operations of one descriptor (<c>IORING_ASYNC_CANCEL_FD | IORING_ASYNC_CANCEL_ALL</c>)
/// while the Proactor goes on.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProactorCancelTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public async Task CancelEndsTheReceivesOfOneSocketOnly()
    {
        using Net.Proactor.Proactor proactor = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (c, d) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        using (c)
        using (d)
        {
            Task<int> first = proactor.ReceiveAsync(a, new byte[4]).AsTask();
            Task<int> second = proactor.ReceiveAsync(a, new byte[4]).AsTask();
            Task<int> other = proactor.ReceiveAsync(c, new byte[4]).AsTask();
            await Loopback.InKernel(proactor);

            Assert.Equal(2, await proactor.CancelAsync(a).Bounded());
            OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Bounded());
            Assert.Equal("io_uring recv was cancelled: IORING_OP_ASYNC_CANCEL", error.Message);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.Bounded());
            Assert.Equal(0, await proactor.CancelAsync(a).Bounded());

            d.SendAll("left"u8);
            Assert.Equal(4, await other.Bounded());
            Assert.Equal(0, proactor.PendingOperations);
        }
    }

    [Fact]
    public async Task CancelStopsAMultishotAcceptSoTheListenerCanClose()
    {
        using Net.Proactor.Proactor proactor = new();
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback, out IPEndPoint endPoint);
        TaskCompletionSource<int> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        proactor.AcceptMultishot(listener.Handle, static (in ProactorCompletion c) =>
        {
            if (c.Succeeded)
            {
                new SocketHandle(c.Result).Dispose();
            }
            if (!c.HasMore)
            {
                ((TaskCompletionSource<int>)c.State!).SetResult(c.Result);
            }
        }, ended);
        using (LinuxSocket client = Loopback.NewClient(endPoint))
        {
            client.Connect(endPoint);
        }
        await Loopback.InKernel(proactor);
        Assert.Equal(1, await proactor.CancelAsync(listener).Bounded());
        Assert.Equal(-Interop.Libc.ECANCELED, await ended.Task.Bounded());
        Assert.Equal(0, proactor.PendingOperations);
    }
}
