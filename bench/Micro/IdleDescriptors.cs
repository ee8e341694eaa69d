using System.Collections.Generic;
using Kiwi.Net;

namespace Kiwi.Bench.Micro;

/// <summary>
/// <see cref="Count"/> idle descriptors (both ends of socketpairs nobody writes to) and one active pair, created
/// last so that its read end has the highest number: select and poll must scan every idle one to find it.
/// </summary>
internal sealed class IdleDescriptors : System.IDisposable
{
    private readonly List<LinuxSocket> _sockets = new();

    public IdleDescriptors(int count)
    {
        for (int i = 0; i < count; i += 2)
        {
            var (a, b) = LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
            _sockets.Add(a);
            if (i + 1 < count)
            {
                _sockets.Add(b);
            }
            else
            {
                b.Dispose();
            }
        }
        Count = _sockets.Count;
        (Writer, Reader) = LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
    }

    /// <summary>How many idle descriptors there are.</summary>
    public int Count { get; }

    /// <summary>Every descriptor a multiplexer watches: the idle ones, then <see cref="Reader"/> last.</summary>
    public IEnumerable<int> Watched
    {
        get
        {
            foreach (LinuxSocket s in _sockets)
            {
                yield return s.Handle.DangerousGetDescriptor();
            }
            yield return Reader.Handle.DangerousGetDescriptor();
        }
    }

    /// <summary>The end a byte is written to, once per wake-up.</summary>
    public LinuxSocket Writer { get; }

    /// <summary>The end the multiplexer watches; highest descriptor number of all.</summary>
    public LinuxSocket Reader { get; }

    /// <summary>Makes <see cref="Reader"/> readable.</summary>
    public void Wake() => RawDescriptor.Send(Writer.Handle.DangerousGetDescriptor(), "x"u8);

    /// <summary>Consumes the byte <see cref="Wake"/> sent.</summary>
    public void Drain()
    {
        System.Span<byte> one = stackalloc byte[1];
        RawDescriptor.Receive(Reader.Handle.DangerousGetDescriptor(), one);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (LinuxSocket s in _sockets)
        {
            s.Dispose();
        }
        Writer.Dispose();
        Reader.Dispose();
    }
}
