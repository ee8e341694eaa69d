using BenchmarkDotNet.Attributes;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Bench.Micro;

/// <summary>
/// The same wake-up as <see cref="MultiplexerScalingBenchmarks"/> through select, which only reaches descriptors
/// below FD_SETSIZE (1024): its largest N leaves room for the process's own descriptors.
/// </summary>
public class SelectScalingBenchmarks
{
    private IdleDescriptors _fds = null!;
    private FdSet _watched = null!;
    private FdSet _ready = null!;

    [Params(10, 100, 900)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fds = new IdleDescriptors(N);
        _watched = new FdSet();
        _ready = new FdSet();
        foreach (int fd in _fds.Watched)
        {
            _watched.Add(fd);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _fds.Dispose();

    [Benchmark(Description = "select")]
    public int Select()
    {
        _fds.Wake();
        _ready.CopyFrom(_watched);
        int n = Kiwi.Net.Multiplexing.Select.Wait(_ready, null, null, null);
        _fds.Drain();
        return n;
    }
}
