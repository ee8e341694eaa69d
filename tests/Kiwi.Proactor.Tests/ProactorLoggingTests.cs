using System;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;
using Kiwi.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace Kiwi.Proactor.Tests;

/// <summary>What a Proactor logs through <see cref="ProactorOptions.Logger"/>: handler exceptions and the ring's teardown.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ProactorLoggingTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public async Task AThrowingHandlerIsLoggedAsAnError()
    {
        RecordingLogger logger = new();
        using Net.Proactor.Proactor proactor = new(new ProactorOptions { Logger = logger });
        using LinuxSocket bogus = new(new SocketHandle(54_323, ownsHandle: false));

        proactor.Receive(bogus.Handle, new byte[4], static (in ProactorCompletion c) => c.ThrowIfError());

        LogEntry entry = await Task.Run(() => logger.WaitFor(200, Loopback.Limit));
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("EBADF", Assert.IsType<ErrnoException>(entry.Exception).ErrnoName);
        Assert.StartsWith("the io_uring recv completion handler threw", entry.Message);
    }

    [Fact]
    public async Task TeardownIsLoggedWithTheOperationsItCancelled()
    {
        RecordingLogger logger = new();
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            Net.Proactor.Proactor proactor = new(new ProactorOptions { Logger = logger });
            ValueTask<int> first = proactor.ReceiveAsync(a, new byte[8]);
            ValueTask<int> second = proactor.ReceiveAsync(b, new byte[8]);
            // Nothing was sent: both receives are pending (queued, or already waiting in the kernel) at the teardown.
            Assert.Equal(2, proactor.PendingOperations);
            proactor.Dispose();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Bounded());
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.Bounded());
        }
        LogEntry entry = logger.WaitFor(204, Loopback.Limit);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.StartsWith("ring torn down: ", entry.Message);
        Assert.Equal(2, (int)entry.Values["Queued"]! + (int)entry.Values["InFlight"]!);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }
}
