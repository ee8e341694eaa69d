using Kiwi.Net;

namespace Kiwi.Bench.Micro;

/// <summary>An idle non-blocking socketpair: every read on it would block, so a call measures the wrapper and the syscall only.</summary>
internal sealed class SocketPairFixture : System.IDisposable
{
    private readonly (LinuxSocket First, LinuxSocket Second) _pair =
        LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);

    /// <summary>The end the benchmarks read from.</summary>
    public LinuxSocket Socket => _pair.First;

    /// <summary>Its descriptor number, for the raw calls.</summary>
    public int Descriptor => _pair.First.Handle.DangerousGetDescriptor();

    /// <inheritdoc />
    public void Dispose()
    {
        _pair.First.Dispose();
        _pair.Second.Dispose();
    }
}
