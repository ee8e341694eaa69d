using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using Kiwi.Examples.Chat;
using Kiwi.Net;
using Kiwi.Net.Reactor;
using Kiwi.Reliability.Tests.Support;

namespace Kiwi.Reliability.Tests.Stress;

/// <summary>The ChatServer's <see cref="LengthHeaderCodec"/> on a live connection against random frames in random
/// fragments (every message decoded whole and in order), truncated frames (nothing half-delivered) and invalid
/// lengths (the connection is closed, the server goes on).</summary>
[Collection(DescriptorCollection.Name)]
public sealed class LengthHeaderCodecFuzzTests : IClassFixture<NonPipeLeakCheck>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void RandomFramesInRandomFragmentsDecodeWholeAndInOrder()
    {
        using CodecServer server = new();
        using LinuxSocket client = server.Connect();
        Random random = new(SoakMode.Seed(false));
        List<byte[]> messages = new();
        List<byte> wire = new();
        for (int i = 0; i < 2_000; i++)
        {
            byte[] message = new byte[random.Next(0, i % 100 == 0 ? LengthHeaderCodec.DefaultMaxMessageLength : 300)];
            random.NextBytes(message);
            messages.Add(message);
            byte[] header = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, message.Length);
            wire.AddRange(header);
            wire.AddRange(message);
        }
        byte[] bytes = wire.ToArray();
        for (int offset = 0; offset < bytes.Length;)
        {
            int length = Math.Min(bytes.Length - offset, random.Next(1, 5_000));
            client.SendAll(bytes.AsSpan(offset, length), timeout: Bound);
            offset += length;
        }
        for (int i = 0; i < messages.Count; i++)
        {
            Assert.True(server.Messages.TryTake(out byte[]? decoded, Bound), $"message {i} of {messages.Count} never came");
            Assert.True(messages[i].AsSpan().SequenceEqual(decoded), $"message {i} differs");
        }
    }

    [Fact]
    public void ATruncatedFrameDeliversNothingAndTheCloseIsClean()
    {
        using CodecServer server = new();
        for (int cut = 1; cut < 12; cut++)
        {
            using (LinuxSocket client = server.Connect())
            {
                byte[] frame = new byte[4 + 8];
                BinaryPrimitives.WriteInt32BigEndian(frame, 8);
                client.SendAll(frame.AsSpan(0, cut));
            }
        }
        SpinWait.SpinUntil(() => server.Server.ConnectionCount == 0, Bound);
        Assert.Equal(0, server.Server.ConnectionCount);
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(LengthHeaderCodec.DefaultMaxMessageLength + 1)]
    [InlineData(int.MaxValue)]
    public void AnInvalidLengthClosesTheConnectionAndTheServerGoesOn(int length)
    {
        using CodecServer server = new();
        using (LinuxSocket bad = server.Connect())
        {
            byte[] header = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(header, length);
            bad.SendAll(header);
            Assert.Equal(0, bad.Receive(new byte[16], timeout: Bound));
        }
        using LinuxSocket good = server.Connect();
        good.SendAll(new byte[] { 0, 0, 0, 2, 9, 9 });
        Assert.True(server.Messages.TryTake(out byte[]? decoded, Bound));
        Assert.Equal(new byte[] { 9, 9 }, decoded);
    }

    /// <summary>A TcpServer whose message callback is the codec, collecting every decoded message.</summary>
    private sealed class CodecServer : IDisposable
    {
        private readonly EventLoopThread _thread = new("codec");

        public CodecServer()
        {
            EventLoop loop = _thread.StartLoop();
            LengthHeaderCodec codec = new((_, message) => Messages.Add(message.ToArray()));
            Server = new TcpServer(loop, new IPEndPoint(IPAddress.Loopback, 0), "codec");
            Server.Callbacks.Message = codec.OnMessage;
            Server.Start();
        }

        public TcpServer Server { get; }

        public BlockingCollection<byte[]> Messages { get; } = new();

        public LinuxSocket Connect()
        {
            LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
            client.Connect(Server.LocalEndPoint!);
            return client;
        }

        public void Dispose()
        {
            Server.Dispose();
            _thread.Dispose();
            Messages.Dispose();
        }
    }
}
