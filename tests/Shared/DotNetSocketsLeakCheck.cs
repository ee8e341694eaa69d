using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Kiwi.Tests.Shared;

/// <summary>
/// <see cref="DescriptorLeakCheck"/> for classes that use System.Net.Sockets asynchronously: .NET creates its socket
/// engine (an epoll instance and a wake-up pipe, kept for the life of the process) on the first asynchronous
/// operation that has to wait, so one such operation runs before the snapshot is taken.
/// </summary>
public sealed class DotNetSocketsLeakCheck : DescriptorLeakCheck
{
    public DotNetSocketsLeakCheck()
        : base(() => StartSocketEngine().GetAwaiter().GetResult())
    {
    }

    private static async Task StartSocketEngine()
    {
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using Socket server = listener.Accept();
        byte[] one = new byte[1];
        // Nothing has been sent yet, so the receive waits, which registers the socket with the engine.
        Task<int> pending = server.ReceiveAsync(one, SocketFlags.None);
        client.Send(one);
        int received = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        if (received != 1)
        {
            throw new InvalidOperationException($"warming up the .NET socket engine received {received} bytes, not 1");
        }
    }
}
