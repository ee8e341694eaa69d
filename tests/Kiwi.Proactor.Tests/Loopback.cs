using System;
using System.Net;
using System.Threading.Tasks;
using Kiwi.Net;

namespace Kiwi.Proactor.Tests;

/// <summary>Listeners and bounded waits on loopback for the Proactor tests.</summary>
internal static class Loopback
{
    /// <summary>How long any one wait may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>A listening TCP socket on <paramref name="address"/>, port chosen by the kernel.</summary>
    public static LinuxSocket Listen(IPAddress address, out IPEndPoint endPoint, int backlog = 1024)
    {
        LinuxSocket listener = LinuxSocket.Create(SocketDomains.Of(address), SocketKind.Stream);
        listener.Options.ReuseAddress = true;
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen(backlog);
        endPoint = (IPEndPoint)listener.LocalEndPoint!;
        return listener;
    }

    /// <summary>A TCP socket of the right family for <paramref name="endPoint"/>, not yet connected.</summary>
    public static LinuxSocket NewClient(IPEndPoint endPoint) => LinuxSocket.Create(SocketDomains.Of(endPoint), SocketKind.Stream);

    /// <summary>Returns once everything submitted so far from this thread has reached the kernel: the queue is
    /// drained in order, so a receive of data already waiting completes only after the earlier entries went in.</summary>
    public static async Task InKernel(Kiwi.Net.Proactor.Proactor proactor)
    {
        var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (a)
        using (b)
        {
            b.SendAll("!"u8);
            Assert.Equal(1, await proactor.ReceiveAsync(a, new byte[1]).Bounded());
        }
    }

    /// <summary>Awaits <paramref name="task"/> for at most <see cref="Limit"/>.</summary>
    public static Task Bounded(this Task task) => task.WaitAsync(Limit);

    /// <summary>Awaits <paramref name="task"/> for at most <see cref="Limit"/>.</summary>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(Limit);

    /// <summary>Awaits <paramref name="task"/> for at most <see cref="Limit"/>.</summary>
    public static Task<T> Bounded<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Limit);

    /// <summary>Awaits <paramref name="task"/> for at most <see cref="Limit"/>.</summary>
    public static Task Bounded(this ValueTask task) => task.AsTask().WaitAsync(Limit);
}
