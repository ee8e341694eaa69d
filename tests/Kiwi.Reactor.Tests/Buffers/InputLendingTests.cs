using System;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;

namespace Kiwi.Reactor.Tests;

/// <summary>
/// A connection's empty input buffer reads into its loop's shared read array; bytes a handler leaves unconsumed
/// must survive the end of that loan, per connection, whatever other connections of the loop read meanwhile.
/// </summary>
public class InputLendingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task LengthPrefixedFramesSplitAnywhereComeBackWholeOnManyConnections(int loops)
    {
        // The handler consumes only whole frames (4-byte big-endian length + payload) and leaves the rest.
        using var harness = new ServerHarness(loops, server => server.Callbacks.Message = static (connection, buffer, _) =>
        {
            while (buffer.ReadableBytes >= 4 && buffer.ReadableBytes >= 4 + buffer.PeekInt32())
            {
                int length = buffer.PeekInt32();
                connection.Send(buffer.ReadableSpan[..(4 + length)]);
                buffer.Retrieve(4 + length);
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => SendFrames(harness, seed: i * 104729 + loops))).WaitAsync(Wait.Limit);
    }

    [Fact]
    public void AHandlerThatKeepsMoreThanTheLentArrayGetsEveryByte()
    {
        // Nothing is consumed until 200 KB are in: the buffer outgrows the 64 KiB lent array while reading.
        const int Total = 200 * 1024;
        using var harness = new ServerHarness(0, server => server.Callbacks.Message = static (connection, buffer, _) =>
        {
            if (buffer.ReadableBytes >= Total)
            {
                connection.Send(buffer);
            }
        });
        byte[] data = new byte[Total];
        new Random(17).NextBytes(data);
        using Socket socket = harness.Connect();
        for (int offset = 0; offset < Total; offset += 7000)
        {
            socket.Send(data, offset, Math.Min(7000, Total - offset), SocketFlags.None);
        }
        Assert.True(data.AsSpan().SequenceEqual(socket.ReceiveExactly(Total)), "echoed bytes differ");
    }

    private static async Task SendFrames(ServerHarness harness, int seed)
    {
        var random = new Random(seed);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(harness.EndPoint);
        for (int frame = 0; frame < 20; frame++)
        {
            byte[] bytes = new byte[4 + random.Next(0, 20_000)];
            random.NextBytes(bytes.AsSpan(4));
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length - 4);
            Task<byte[]> echo = EchoClient.ReceiveAsync(socket, bytes.Length);
            for (int offset = 0; offset < bytes.Length;)
            {
                int length = Math.Min(random.Next(1, 5000), bytes.Length - offset);
                await socket.SendAsync(bytes.AsMemory(offset, length), SocketFlags.None);
                offset += length;
                if (random.Next(4) == 0)
                {
                    await Task.Delay(1);
                }
            }
            byte[] echoed = await echo;
            Assert.True(bytes.AsSpan().SequenceEqual(echoed), $"connection {seed}: frame {frame} differs");
        }
    }
}
