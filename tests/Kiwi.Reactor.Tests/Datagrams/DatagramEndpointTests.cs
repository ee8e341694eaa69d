using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

/// <summary>The Reactor's datagram face: batch receive on readiness, immediate and queued sends, back-pressure.</summary>
public sealed class DatagramEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void AnEchoEndpointAnswersEveryDatagramFromItsBatchCallback(string address)
    {
        using var thread = new EventLoopThread("udp-echo");
        EventLoop loop = thread.StartLoop();
        int batches = 0;
        DatagramEndpoint endpoint = Wait.OnLoop(loop, () =>
        {
            DatagramEndpoint created = DatagramEndpoint.Bind(loop, new IPEndPoint(IPAddress.Parse(address), 0), batchSize: 8);
            created.Received = (self, batch, _) =>
            {
                batches++;
                self.Send(batch);
            };
            return created;
        }, "bind");
        using (endpoint)
        {
            endpoint.Start();
            var server = (IPEndPoint)endpoint.LocalEndPoint!;
            using var client = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Wait.Limit.TotalMilliseconds };
            for (int i = 0; i < 50; i++)
            {
                client.SendTo(BitConverter.GetBytes(i), server);
            }
            byte[] reply = new byte[16];
            for (int i = 0; i < 50; i++)
            {
                Assert.Equal(4, client.Receive(reply));
                Assert.Equal(i, BitConverter.ToInt32(reply));
            }
            Assert.InRange(Wait.OnLoop(loop, () => batches, "batches"), 1, 50);
        }
    }

    [Fact]
    public void WhatTheSocketCannotTakeIsQueuedAndSentWhenItDrainsWithBackPressureCallbacks()
    {
        // A Unix datagram pair: unlike loopback UDP, the sender gets EAGAIN once the receiver's queue is full.
        (LinuxSocket ours, LinuxSocket peer) = LinuxSocket.CreatePair(SocketKind.Datagram, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        using (peer)
        {
            using var thread = new EventLoopThread("udp-queue");
            EventLoop loop = thread.StartLoop();
            var highWater = new TaskCompletionSource<int>();
            var drained = new TaskCompletionSource<bool>();
            using var endpoint = new DatagramEndpoint(loop, ours)
            {
                HighWaterMark = 64 * 1024,
                HighWaterMarkReached = (_, queued) => highWater.TrySetResult(queued),
                WriteComplete = _ => drained.TrySetResult(true),
            };
            const int Count = 2000;
            int queuedAfterSending = Wait.OnLoop(loop, () =>
            {
                byte[] datagram = new byte[100];
                for (int i = 0; i < Count; i++)
                {
                    BitConverter.TryWriteBytes(datagram, i);
                    endpoint.Send(datagram, destination: null);
                }
                return endpoint.QueuedDatagrams;
            }, "send");

            Assert.True(queuedAfterSending > 0, "the peer's queue should have filled");
            Assert.True(Wait.Result(highWater.Task, "high-water mark") >= 64 * 1024);
            byte[] buffer = new byte[128];
            for (int i = 0; i < Count; i++)
            {
                Assert.NotEqual(Kiwi.Net.Multiplexing.PollEvents.None,
                    RawDescriptor.WaitFor(peer.Handle.DangerousGetDescriptor(), Kiwi.Net.Multiplexing.PollEvents.In, (int)Wait.Limit.TotalMilliseconds));
                Assert.Equal(100, peer.Receive(buffer));
                Assert.Equal(i, BitConverter.ToInt32(buffer));
            }
            Assert.True(Wait.Result(drained.Task, "write complete"));
            Assert.Equal(0, Wait.OnLoop(loop, () => endpoint.QueuedBytes, "queued bytes"));
        }
    }

    [Fact]
    public void ABlockingSocketIsRefused()
    {
        using var thread = new EventLoopThread("udp-refuse");
        EventLoop loop = thread.StartLoop();
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        Assert.Throws<ArgumentException>(() => new DatagramEndpoint(loop, socket));
    }
}
