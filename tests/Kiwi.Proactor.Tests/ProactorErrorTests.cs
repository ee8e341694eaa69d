using System;
using System.Net;
using System.Threading.Tasks;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;

namespace Kiwi.Proactor.Tests;

/// <summary>A negative <c>cqe.res</c> becomes an <see cref="ErrnoException"/> naming the io_uring operation.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProactorErrorTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public async Task ReceiveOnABadDescriptorIsEbadf()
    {
        using Net.Proactor.Proactor proactor = new();
        // A number far above anything this process has open, wrapped without ownership.
        using LinuxSocket bogus = new(new SocketHandle(54_321, ownsHandle: false));
        ErrnoException error = await Assert.ThrowsAsync<ErrnoException>(() => proactor.ReceiveAsync(bogus, new byte[16]).Bounded());
        Assert.Equal("io_uring recv", error.Call);
        Assert.Equal("EBADF", error.ErrnoName);
        Assert.StartsWith("io_uring recv: EBADF", error.Message);
    }

    [Fact]
    public async Task ReceiveOnAClosedDescriptorIsEbadf()
    {
        using Net.Proactor.Proactor proactor = new();
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        second.Dispose();
        int number = first.Handle.DangerousGetDescriptor();
        first.Dispose();
        // The number the socket had, now closed (tests that open descriptors run one at a time, so it stays free).
        using LinuxSocket stale = new(new SocketHandle(number, ownsHandle: false));
        ErrnoException error = await Assert.ThrowsAsync<ErrnoException>(() => proactor.ReceiveAsync(stale, new byte[16]).Bounded());
        Assert.Equal("EBADF", error.ErrnoName);
        Assert.Equal(Libc.EBADF, error.Errno);
    }

    [Fact]
    public void ReceiveOnADisposedSocketIsRefusedAtOnce()
    {
        using Net.Proactor.Proactor proactor = new();
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        second.Dispose();
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { _ = proactor.ReceiveAsync(first, new byte[16]); });
        Assert.Equal(0, proactor.PendingOperations);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task ConnectToAClosedPortIsEconnrefused(string address)
    {
        using Net.Proactor.Proactor proactor = new();
        IPEndPoint closed;
        using (Loopback.Listen(IPAddress.Parse(address), out closed))
        {
        }
        using LinuxSocket socket = Loopback.NewClient(closed);
        ErrnoException error = await Assert.ThrowsAsync<ErrnoException>(() => proactor.ConnectAsync(socket, closed).Bounded());
        Assert.Equal("io_uring connect", error.Call);
        Assert.Equal("ECONNREFUSED", error.ErrnoName);
    }

    [Fact]
    public async Task ReceiveWhenThePeerResetsIsEconnreset()
    {
        using Net.Proactor.Proactor proactor = new();
        using LinuxSocket listener = Loopback.Listen(IPAddress.Loopback, out IPEndPoint endPoint);
        LinuxSocket client = Loopback.NewClient(endPoint);
        await proactor.ConnectAsync(client, endPoint).Bounded();
        using LinuxSocket server = await proactor.AcceptAsync(listener).Bounded();
        Task<int> pending = proactor.ReceiveAsync(server, new byte[16]).AsTask();
        await Loopback.InKernel(proactor);
        // Linger 0: close sends a reset instead of a FIN.
        client.Options.Linger = new SocketLinger(true, 0);
        client.Dispose();
        ErrnoException error = await Assert.ThrowsAsync<ErrnoException>(() => pending.Bounded());
        Assert.StartsWith("io_uring recv: ECONNRESET", error.Message);
    }

    [Fact]
    public async Task HandlerSeesTheErrnoAndTheOperationName()
    {
        using Net.Proactor.Proactor proactor = new();
        using LinuxSocket bogus = new(new SocketHandle(54_322, ownsHandle: false));
        TaskCompletionSource<string> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        proactor.Send(bogus.Handle, new byte[4], static (in ProactorCompletion c) =>
        {
            ((TaskCompletionSource<string>)c.State!).SetResult(c.Succeeded ? "ok" : c.ToException().Message);
        }, seen);
        Assert.StartsWith("io_uring send: EBADF", await seen.Task.Bounded());
    }

    [Fact]
    public async Task ThrowingHandlerIsReportedAndTheRingGoesOn()
    {
        using Net.Proactor.Proactor proactor = new();
        TaskCompletionSource<Exception> reported = new(TaskCreationOptions.RunContinuationsAsynchronously);
        proactor.ErrorReported += (_, e) => reported.TrySetResult(e.Exception);
        using LinuxSocket bogus = new(new SocketHandle(54_323, ownsHandle: false));
        proactor.Receive(bogus.Handle, new byte[4], static (in ProactorCompletion c) => c.ThrowIfError());
        Exception error = await reported.Task.Bounded();
        Assert.Equal("EBADF", Assert.IsType<ErrnoException>(error).ErrnoName);

        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            b.SendAll("ok"u8);
            Assert.Equal(2, await proactor.ReceiveAsync(a, new byte[8]).Bounded());
        }
    }
}
