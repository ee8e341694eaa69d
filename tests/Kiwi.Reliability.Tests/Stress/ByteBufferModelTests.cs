using System;
using System.Collections.Generic;
using Kiwi.Net.Reactor;
using Kiwi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Kiwi.Reliability.Tests.Stress;

/// <summary><see cref="ByteBuffer"/> against a model (a list of bytes): random appends, prepends, retrieves,
/// integer reads and writes, writer spans, unwrites and shrinks, the readable bytes compared after every step.</summary>
public sealed class ByteBufferModelTests
{
    private readonly ITestOutputHelper _output;

    public ByteBufferModelTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void AMillionRandomOperationsMatchTheModel() => Run(1_000_000, soak: false);

    [Fact]
    [Trait("Category", SoakMode.Category)]
    public void TwentyMillionRandomOperationsMatchTheModel() => Run(20_000_000, soak: true);

    private void Run(int operations, bool soak)
    {
        int seed = SoakMode.Seed(soak);
        _output.WriteLine($"seed {seed}, {operations} operations");
        Random random = new(seed);
        using ByteBuffer buffer = new();
        List<byte> model = new();
        byte[] scratch = new byte[4096];
        for (int step = 0; step < operations; step++)
        {
            int op = random.Next(10);
            switch (op)
            {
                case 0:
                case 1:
                {
                    int length = random.Next(model.Count > 1 << 20 ? 16 : 2048);
                    random.NextBytes(scratch.AsSpan(0, length));
                    buffer.Append(scratch.AsSpan(0, length));
                    model.AddRange(scratch.AsSpan(0, length).ToArray());
                    break;
                }
                case 2:
                {
                    int count = random.Next(model.Count + 1);
                    buffer.Retrieve(count);
                    model.RemoveRange(0, count);
                    break;
                }
                case 3:
                {
                    int value = random.Next();
                    buffer.AppendInt32(value);
                    model.AddRange(new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value });
                    break;
                }
                case 4:
                    if (model.Count >= 4)
                    {
                        int expected = model[0] << 24 | model[1] << 16 | model[2] << 8 | model[3];
                        Equal(expected, buffer.ReadInt32(), step, seed);
                        model.RemoveRange(0, 4);
                    }
                    break;
                case 5:
                    if (buffer.PrependableBytes >= 2)
                    {
                        short value = (short)random.Next(short.MinValue, short.MaxValue);
                        buffer.PrependInt16(value);
                        model.InsertRange(0, new[] { (byte)(value >> 8), (byte)value });
                    }
                    break;
                case 6:
                {
                    int hint = random.Next(64);
                    Span<byte> span = buffer.GetSpan(hint);
                    int written = Math.Min(span.Length, random.Next(1, 64));
                    random.NextBytes(span[..written]);
                    model.AddRange(span[..written].ToArray());
                    buffer.Advance(written);
                    break;
                }
                case 7:
                {
                    int count = random.Next(Math.Min(model.Count, 32) + 1);
                    buffer.Unwrite(count);
                    model.RemoveRange(model.Count - count, count);
                    break;
                }
                case 8:
                {
                    int read = buffer.Read(scratch.AsSpan(0, random.Next(scratch.Length)));
                    for (int i = 0; i < read; i++)
                    {
                        Equal(model[i], scratch[i], step, seed);
                    }
                    model.RemoveRange(0, read);
                    break;
                }
                default:
                    if (random.Next(20) == 0)
                    {
                        buffer.Shrink(random.Next(128));
                    }
                    break;
            }
            Equal(model.Count, buffer.ReadableBytes, step, seed);
            if (step % 997 == 0 || model.Count < 64)
            {
                ReadOnlySpan<byte> readable = buffer.ReadableSpan;
                for (int i = 0; i < model.Count; i++)
                {
                    Equal(model[i], readable[i], step, seed);
                }
            }
        }
    }

    private static void Equal<T>(T expected, T actual, int step, int seed) where T : IEquatable<T>
    {
        if (!expected.Equals(actual))
        {
            Assert.Fail($"step {step} (seed {seed}): expected {expected}, got {actual}");
        }
    }
}
