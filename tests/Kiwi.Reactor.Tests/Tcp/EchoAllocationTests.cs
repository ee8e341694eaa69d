using System;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

/// <summary>The echo path in steady state allocates nothing, on the server's loop and on the client's.</summary>
public sealed class EchoAllocationTests
{
    private const int MessageSize = 64;
    private const int WarmUp = 2_000;
    private const int MeasuredMessages = 10_000;

    [Fact]
    public void EchoPingPongAllocatesNothingPerMessageAfterWarmUp()
    {
        var server = new LoopMeter();
        var client = new LoopMeter();
        byte[] message = new byte[MessageSize];
        new Random(5).NextBytes(message);
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mismatch = 0;
        using var harness = new ServerHarness(1, s => s.Callbacks.Message = (connection, buffer, _) =>
        {
            // Counted in whole messages; a fragment is echoed at once like the rest.
            server.Add(buffer.ReadableBytes);
            connection.Send(buffer);
        });
        using var clientThread = new EventLoopThread("test-client");
        using var tcpClient = new ReactorTcpClient(clientThread.StartLoop(), harness.EndPoint);
        tcpClient.Callbacks.Connection = connection =>
        {
            if (connection.IsConnected)
            {
                connection.Send(message);
            }
        };
        tcpClient.Callbacks.Message = (connection, buffer, _) =>
        {
            if (buffer.ReadableBytes < MessageSize)
            {
                return;
            }
            if (!buffer.ReadableSpan[..MessageSize].SequenceEqual(message))
            {
                mismatch++;
            }
            buffer.Retrieve(MessageSize);
            client.Add(MessageSize);
            if (client.Messages < WarmUp + MeasuredMessages)
            {
                connection.Send(message);
            }
            else
            {
                done.TrySetResult(true);
            }
        };
        tcpClient.Connect();
        Assert.True(Wait.Result(done.Task, $"{WarmUp + MeasuredMessages} echoed messages"));
        Wait.Until(() => server.Messages >= WarmUp + MeasuredMessages, "the server's count");
        Assert.Equal(0, mismatch);
        Assert.True(server.Measured, "the server's loop was measured");
        Assert.True(client.Measured, "the client's loop was measured");
        Assert.True(server.AllocatedBytes == 0, $"the server's loop allocated {server.AllocatedBytes} bytes over {MeasuredMessages} messages");
        Assert.True(client.AllocatedBytes == 0, $"the client's loop allocated {client.AllocatedBytes} bytes over {MeasuredMessages} messages");
    }

    /// <summary>Counts a loop's messages and reads the loop thread's allocation counter at the window's edges.</summary>
    private sealed class LoopMeter
    {
        private long _bytes;
        private long _start;
        private long _allocated = -1;

        public long Messages => Interlocked.Read(ref _bytes) / MessageSize;

        public bool Measured => Interlocked.Read(ref _allocated) >= 0;

        public long AllocatedBytes => Interlocked.Read(ref _allocated);

        /// <summary>Called on the loop thread with the bytes just handled.</summary>
        public void Add(int bytes)
        {
            long before = _bytes / MessageSize;
            long after = (_bytes + bytes) / MessageSize;
            Interlocked.Add(ref _bytes, bytes);
            if (before < WarmUp && after >= WarmUp)
            {
                _start = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (before < WarmUp + MeasuredMessages && after >= WarmUp + MeasuredMessages)
            {
                Interlocked.Exchange(ref _allocated, GC.GetAllocatedBytesForCurrentThread() - _start);
            }
        }
    }
}
