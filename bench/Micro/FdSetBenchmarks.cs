using BenchmarkDotNet.Attributes;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Bench.Micro;

/// <summary>FdSet add + contains (range-checked in the shim) against the shim's FD_SET/FD_ISSET called directly.</summary>
public unsafe class FdSetBenchmarks
{
    private readonly FdSet _set = new();
    private fd_set _raw;

    [Benchmark(Baseline = true, Description = "kiwi_fd_set + kiwi_fd_isset")]
    public int Raw()
    {
        fixed (fd_set* s = &_raw)
        {
            KiwiShim.kiwi_fd_set(700, s);
            return KiwiShim.kiwi_fd_isset(700, s);
        }
    }

    [Benchmark(Description = "FdSet.Add + Contains")]
    public bool Kiwi()
    {
        _set.Add(700);
        return _set.Contains(700);
    }
}
