using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Kiwi.Reliability.Tests.Stress;

/// <summary>A stream of pseudo-random bytes echoed through a <see cref="Kiwi.Net.Reactor.TcpServer"/> in random
/// fragments (1 byte to 64 KiB, sent while the echo is read on another thread), every byte compared. CI echoes
/// 32 MiB; <c>./build.sh soak</c> echoes 1 GiB.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class FragmentationEchoTests
{
    private readonly ITestOutputHelper _output;

    public FragmentationEchoTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void ThirtyTwoMebibytesInRandomFragments() => Run(32L << 20, soak: false);

    [Fact]
    [Trait("Category", SoakMode.Category)]
    public void OneGibibyteInRandomFragments() => Run(1L << 30, soak: true);

    private void Run(long total, bool soak)
    {
        int seed = SoakMode.Seed(soak);
        using EchoServer server = new(loops: 1);
        using LinuxSocket client = server.Connect();
        Stopwatch clock = Stopwatch.StartNew();
        Task sender = Task.Factory.StartNew(() =>
        {
            Random sizes = new(seed);
            Random bytes = new(seed ^ 0x5a5a);
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < total;)
            {
                int length = (int)Math.Min(total - sent, sizes.Next(1, chunk.Length + 1));
                bytes.NextBytes(chunk.AsSpan(0, length));
                client.SendAll(chunk.AsSpan(0, length), timeout: TimeSpan.FromSeconds(60));
                sent += length;
            }
        }, TaskCreationOptions.LongRunning);
        Random expected = new(seed ^ 0x5a5a);
        Random sizesAgain = new(seed);
        byte[] want = new byte[64 * 1024];
        byte[] got = new byte[64 * 1024];
        long received = 0;
        int wantLength = 0;
        int wantOffset = 0;
        while (received < total)
        {
            int n = client.Receive(got, timeout: TimeSpan.FromSeconds(60));
            Assert.True(n > 0, $"the server closed after {received} of {total} bytes");
            for (int i = 0; i < n; i++)
            {
                if (wantOffset == wantLength)
                {
                    wantLength = (int)Math.Min(total - received - i, sizesAgain.Next(1, want.Length + 1));
                    expected.NextBytes(want.AsSpan(0, wantLength));
                    wantOffset = 0;
                }
                if (got[i] != want[wantOffset])
                {
                    Assert.Fail($"byte {received + i} differs (seed {seed})");
                }
                wantOffset++;
            }
            received += n;
        }
        Assert.True(sender.Wait(TimeSpan.FromSeconds(60)), "the sender did not finish");
        _output.WriteLine($"seed {seed}: {total} bytes echoed in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
