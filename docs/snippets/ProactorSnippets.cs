using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Proactor;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/PROACTOR.md.</summary>
public static class ProactorSnippets
{
    public static async Task<int> EchoOnce(LinuxSocket listener)
    {
        byte[] buffer = new byte[4096];
        #region proactor-await
        using Proactor proactor = new();                           // a ring and its thread
        using LinuxSocket connection = await proactor.AcceptAsync(listener);   // listener: bound and listening
        int received = await proactor.ReceiveAsync(connection, buffer);        // "io_uring recv: ECONNRESET" on failure
        await proactor.SendAsync(connection, buffer.AsMemory(0, received), MessageFlags.WaitAll);
        await proactor.CloseAsync(connection);
        #endregion
        return received;
    }

    public static int AcceptWithHandlers(LinuxSocket listener, int expected)
    {
        #region proactor-handlers
        using Proactor proactor = new();
        AcceptCounter counter = new(expected);
        // Allocation-free: a static handler and a state object, called on the ring thread for every connection.
        proactor.AcceptMultishot(listener.Handle, static (in ProactorCompletion completion) =>
        {
            if (completion.Result < 0)
            {
                return;                                            // -errno; -ECANCELED once the Proactor is disposed
            }
            using LinuxSocket accepted = new(new SocketHandle(completion.Result));   // the new connection
            ((AcceptCounter)completion.State!).Accepted();
        }, counter);
        #endregion
        for (int i = 0; i < expected; i++)
        {
            using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
            client.Connect(listener.LocalEndPoint!);
        }
        return counter.Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>The state of <see cref="AcceptWithHandlers"/>: counts accepted connections.</summary>
    public sealed class AcceptCounter(int expected)
    {
        private readonly CountdownEvent _left = new(expected);

        public void Accepted()
        {
            if (!_left.IsSet)
            {
                _left.Signal();
            }
        }

        public int Wait(TimeSpan limit)
        {
            _left.Wait(limit);
            return _left.InitialCount - _left.CurrentCount;
        }
    }
}
