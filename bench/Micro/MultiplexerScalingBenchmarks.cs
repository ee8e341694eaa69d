using BenchmarkDotNet.Attributes;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Bench.Micro;

/// <summary>
/// Cost of one wake-up with N idle descriptors and one active: a byte is written to the active pair, the
/// multiplexer waits for it, the byte is read. select is limited to FD_SETSIZE descriptors, so its largest N is
/// what still fits below 1024 beside the process's own descriptors.
/// </summary>
public class MultiplexerScalingBenchmarks
{
    private readonly EpollEvent[] _events = new EpollEvent[16];
    private IdleDescriptors _fds = null!;
    private PollDescriptor[] _poll = null!;
    private EpollHandle _epoll = null!;
    private FdSet _watched = null!;
    private FdSet _ready = null!;

    [Params(10, 100, 1000, 10000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fds = new IdleDescriptors(N);
        int reader = _fds.Reader.Handle.DangerousGetDescriptor();

        _poll = new PollDescriptor[N + 1];
        int i = 0;
        foreach (int fd in _fds.Idle)
        {
            _poll[i++] = new PollDescriptor(fd, PollEvents.In);
        }
        _poll[i] = new PollDescriptor(reader, PollEvents.In);

        _epoll = EpollHandle.Create();
        foreach (int fd in _fds.Idle)
        {
            _epoll.Add(fd, EpollEvents.In, (ulong)fd);
        }
        _epoll.Add(reader, EpollEvents.In, (ulong)reader);

        _watched = new FdSet();
        _ready = new FdSet();
        if (reader < FdSet.Capacity)
        {
            foreach (int fd in _fds.Idle)
            {
                _watched.Add(fd);
            }
            _watched.Add(reader);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _epoll.Dispose();
        _fds.Dispose();
    }

    [Benchmark(Description = "select")]
    public int Select()
    {
        if (_watched.HighestDescriptor < 0)
        {
            // The descriptors do not fit below FD_SETSIZE: BenchmarkDotNet shows this cell as NA.
            throw new System.NotSupportedException($"select cannot watch {N} descriptors (FD_SETSIZE {FdSet.Capacity})");
        }
        _fds.Wake();
        _ready.CopyFrom(_watched);
        int n = Kiwi.Net.Multiplexing.Select.Wait(_ready, null, null, null);
        _fds.Drain();
        return n;
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
