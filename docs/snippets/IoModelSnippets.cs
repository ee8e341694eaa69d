using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Proactor;
using Kiwi.Net.SignalDriven;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/IO_MODELS.md: the same read in each of the five models, on a socketpair whose other end
/// the caller writes to.</summary>
public static class IoModelSnippets
{
    public static int Blocking(LinuxSocket socket, byte[] buffer)
    {
        #region models-blocking
        int received = socket.Receive(buffer);                     // the thread sleeps in recv(2) until bytes come
        #endregion
        return received;
    }

    public static int NonBlocking(LinuxSocket socket, byte[] buffer)
    {
        #region models-nonblocking
        socket.IsNonBlocking = true;                               // O_NONBLOCK
        int received;
        while (!socket.TryReceive(buffer, out received))           // EAGAIN: nothing yet, do something else
        {
            Thread.Sleep(1);
        }
        #endregion
        return received;
    }

    public static int Multiplexed(LinuxSocket socket, byte[] buffer)
    {
        #region models-multiplexed
        using EpollHandle epoll = EpollHandle.Create();
        epoll.Add(socket.Handle, EpollEvents.In, token: 1);
        Span<EpollEvent> ready = stackalloc EpollEvent[16];
        epoll.Wait(ready, timeoutMs: 5000);                        // one thread waits for many descriptors
        int received = socket.Receive(buffer);                     // ready: this recv(2) does not wait
        #endregion
        return received;
    }

    public static int SignalDriven(LinuxSocket socket, byte[] buffer)
    {
        #region models-signal-driven
        socket.IsNonBlocking = true;
        using SignalDrivenIo io = new();                           // one thread reads the signals from a signalfd
        using ManualResetEventSlim arrived = new();
        int received = 0;
        io.Register(socket.Handle, notification =>                 // O_ASYNC + F_SETSIG: the kernel signals readiness
        {
            if (notification.IsReadable && notification.Handle.TryRead(buffer, out int count) && count > 0)
            {
                received = count;
                arrived.Set();
            }
        });
        arrived.Wait(TimeSpan.FromSeconds(5));
        io.Unregister(socket.Handle);
        #endregion
        return received;
    }

    public static async Task<int> Asynchronous(LinuxSocket socket, byte[] buffer)
    {
        #region models-asynchronous
        using Proactor proactor = new();                           // io_uring: the kernel does the read, then completes
        int received = await proactor.ReceiveAsync(socket, buffer);
        #endregion
        return received;
    }
}
