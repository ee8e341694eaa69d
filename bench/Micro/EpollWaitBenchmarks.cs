using BenchmarkDotNet.Attributes;
using Kiwi.Interop;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Bench.Micro;

/// <summary>epoll_wait with timeout 0 on an epoll set holding one idle socket.</summary>
public unsafe class EpollWaitBenchmarks
{
    private readonly EpollEvent[] _events = new EpollEvent[64];
    private SocketPairFixture _pair = null!;
    private EpollHandle _epoll = null!;
    private int _epfd;

    [GlobalSetup]
    public void Setup()
    {
        _pair = new SocketPairFixture();
        _epoll = EpollHandle.Create();
        _epoll.Add(_pair.Descriptor, EpollEvents.In | EpollEvents.EdgeTriggered, 1);
        _epfd = _epoll.DangerousGetDescriptor();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _epoll.Dispose();
        _pair.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw DllImport epoll_wait")]
    public int Raw()
    {
        fixed (EpollEvent* e = _events)
        {
            return RawImports.epoll_wait(_epfd, (epoll_event*)e, _events.Length, 0);
        }
    }

    [Benchmark(Description = "RawDescriptor.EpollWait (shim, -errno)")]
    public int KiwiRaw() => RawDescriptor.EpollWait(_epfd, _events, 0);

    [Benchmark(Description = "EpollHandle.Wait (SafeHandle lease)")]
    public int KiwiSafe() => _epoll.Wait(_events, 0);
}
