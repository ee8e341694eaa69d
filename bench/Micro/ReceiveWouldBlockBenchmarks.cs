using BenchmarkDotNet.Attributes;
using Kiwi.Net;

namespace Kiwi.Bench.Micro;

/// <summary>recv on an empty non-blocking socket: the would-block path every edge-triggered loop ends on.</summary>
public unsafe class ReceiveWouldBlockBenchmarks
{
    private readonly byte[] _buffer = new byte[4096];
    private SocketPairFixture _pair = null!;
    private int _fd;

    [GlobalSetup]
    public void Setup()
    {
        _pair = new SocketPairFixture();
        _fd = _pair.Descriptor;
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();

    [Benchmark(Baseline = true, Description = "raw DllImport recv")]
    public nint Raw()
    {
        fixed (byte* p = _buffer)
        {
            return RawImports.recv(_fd, p, (nuint)_buffer.Length, 0);
        }
    }

    [Benchmark(Description = "RawDescriptor.Receive (shim, -errno)")]
    public nint KiwiRaw() => RawDescriptor.Receive(_fd, _buffer);

    [Benchmark(Description = "LinuxSocket.TryReceive (SafeHandle)")]
    public bool KiwiSafe() => _pair.Socket.TryReceive(_buffer, out _);
}
