using BenchmarkDotNet.Attributes;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Bench.Micro;

/// <summary>
/// Cost of one wake-up with N idle descriptors and one active: a byte is written to the active pair, the
/// multiplexer waits for it, the byte is read (<see cref="IdleDescriptors"/>).
/// </summary>
public class MultiplexerScalingBenchmarks
{
    private readonly EpollEvent[] _events = new EpollEvent[16];
    private IdleDescriptors _fds = null!;
    private PollDescriptor[] _poll = null!;
    private EpollHandle _epoll = null!;

    [Params(10, 100, 1000, 10000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fds = new IdleDescriptors(N);
        _poll = new PollDescriptor[_fds.Count + 1];
        _epoll = EpollHandle.Create();
        int i = 0;
        foreach (int fd in _fds.Watched)
        {
            _poll[i++] = new PollDescriptor(fd, PollEvents.In);
            _epoll.Add(fd, EpollEvents.In, (ulong)fd);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _epoll.Dispose();
        _fds.Dispose();
    }

    [Benchmark(Description = "poll")]
    public int Poll()
    {
        _fds.Wake();
        int n = Kiwi.Net.Multiplexing.Poll.Wait(_poll, -1);
        _fds.Drain();
        return n;
    }

    [Benchmark(Description = "epoll")]
    public int Epoll()
    {
        _fds.Wake();
        int n = _epoll.Wait(_events, -1);
        _fds.Drain();
        return n;
    }
}
