using BenchmarkDotNet.Attributes;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Bench.Micro;

/// <summary>poll with timeout 0 on one idle descriptor.</summary>
public unsafe class PollBenchmarks
{
    private readonly PollDescriptor[] _kiwi = new PollDescriptor[1];
    private readonly pollfd[] _raw = new pollfd[1];
    private SocketPairFixture _pair = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pair = new SocketPairFixture();
        _kiwi[0] = new PollDescriptor(_pair.Descriptor, PollEvents.In);
        _raw[0].fd = _pair.Descriptor;
        _raw[0].events = (short)Libc.POLLIN;
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();

    [Benchmark(Baseline = true, Description = "raw DllImport poll")]
    public int Raw()
    {
        fixed (pollfd* p = _raw)
        {
            return RawImports.poll(p, 1, 0);
        }
    }

    [Benchmark(Description = "Poll.Wait")]
    public int Kiwi() => Poll.Wait(_kiwi, 0);
}
