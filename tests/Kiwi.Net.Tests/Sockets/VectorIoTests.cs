using System;
using System.Linq;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>readv/writev (<see cref="LinuxSocket.ReadVector"/>/<see cref="LinuxSocket.WriteVector"/>) move exactly the
/// bytes of several buffers, in order.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class VectorIoTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void WriteVectorSendsTheBuffersInOrderAndReadVectorFillsThemInOrder()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            byte[] alpha = "alpha"u8.ToArray();
            byte[] random = RandomBytes(1000, seed: 1);
            byte[] omega = "omega!"u8.ToArray();
            ReadOnlyMemory<byte>[] outgoing = { alpha, ReadOnlyMemory<byte>.Empty, random, omega };
            int total = alpha.Length + random.Length + omega.Length;

            Assert.Equal(total, first.WriteVector(outgoing));

            // Boundaries that differ from the writer's: readv fills each buffer before the next.
            byte[] a = new byte[3];
            byte[] b = new byte[7];
            byte[] c = new byte[total];
            Loopback.AssertReady(second, PollEvents.In);
            Assert.Equal(total, second.ReadVector(new Memory<byte>[] { a, b, c }));

            byte[] expected = alpha.Concat(random).Concat(omega).ToArray();
            byte[] got = a.Concat(b).Concat(c.AsSpan(0, total - a.Length - b.Length).ToArray()).ToArray();
            Assert.Equal(expected, got);
            Assert.All(c.Skip(total - a.Length - b.Length), x => Assert.Equal(0, x));
        }
    }

    [Fact]
    public void ManyBuffersBeyondTheInlinePinsKeepTheirOrder()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            // 40 buffers: more than the 16 pinned on the stack, so the rented path is used both ways.
            byte[][] pieces = Enumerable.Range(0, 40).Select(i => RandomBytes(i * 13 % 97 + 1, seed: 100 + i)).ToArray();
            int total = pieces.Sum(p => p.Length);
            Assert.Equal(total, first.WriteVector(pieces.Select(p => (ReadOnlyMemory<byte>)p).ToArray()));

            byte[][] targets = Enumerable.Range(0, 40).Select(i => new byte[pieces[39 - i].Length]).ToArray();
            int filled = 0;
            for (int round = 0; round < 100 && filled < total; round++)
            {
                // Offer only what is still empty: a short read continues into the later buffers.
                Memory<byte>[] rest = Remaining(targets, filled);
                Loopback.AssertReady(second, PollEvents.In);
                int n = second.ReadVector(rest);
                Assert.True(n > 0);
                filled += n;
            }

            Assert.Equal(total, filled);
            Assert.Equal(pieces.SelectMany(p => p).ToArray(), targets.SelectMany(t => t).ToArray());
        }
    }

    [Fact]
    public void AShortWriteVectorTakesAPrefixOfTheBuffersInOrder()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        using (first)
        using (second)
        {
            // Four 256 KiB buffers are more than a Unix socket buffers, so the non-blocking writev takes a prefix.
            byte[][] pieces = Enumerable.Range(0, 4).Select(i => RandomBytes(256 * 1024, seed: 7 + i)).ToArray();
            byte[] expected = pieces.SelectMany(p => p).ToArray();
            Assert.True(first.TryWriteVector(pieces.Select(p => (ReadOnlyMemory<byte>)p).ToArray(), out int written));
            Assert.InRange(written, 1, expected.Length - 1);
            Assert.False(first.TryWriteVector(new ReadOnlyMemory<byte>[] { pieces[0] }, out _));

            byte[] got = new byte[written];
            int filled = 0;
            for (int round = 0; round < 10_000 && filled < written; round++)
            {
                Assert.True(second.TryReadVector(new Memory<byte>[] { got.AsMemory(filled) }, out int n));
                filled += n;
            }
            Assert.Equal(written, filled);
            Assert.Equal(expected.AsSpan(0, written).ToArray(), got);
            Assert.False(second.TryReadVector(new Memory<byte>[] { new byte[16] }, out _));
        }
    }

    [Fact]
    public void ReadVectorReportsEndOfStreamAsZero()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (second)
        {
            first.Dispose();
            Assert.Equal(0, second.ReadVector(new Memory<byte>[] { new byte[4], new byte[4] }));
        }
    }

    [Fact]
    public void MoreBuffersThanIovMaxAreRefused()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            ReadOnlyMemory<byte>[] tooMany = Enumerable.Repeat((ReadOnlyMemory<byte>)new byte[1], 1025).ToArray();
            Assert.Throws<ArgumentOutOfRangeException>(() => first.WriteVector(tooMany));
        }
    }

    private static Memory<byte>[] Remaining(byte[][] targets, int filled)
    {
        int skip = filled;
        return targets.Select(t =>
        {
            int used = Math.Min(skip, t.Length);
            skip -= used;
            return t.AsMemory(used);
        }).Where(m => !m.IsEmpty).ToArray();
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        byte[] data = new byte[count];
        new Random(seed).NextBytes(data);
        return data;
    }
}
