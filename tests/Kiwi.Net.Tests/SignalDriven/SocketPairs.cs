using System.Collections.Generic;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>Unix stream socket pairs for the signal-driven tests: the reading end is always non-blocking, since a
/// signal is a hint and a handler reads until EAGAIN.</summary>
internal static class SocketPairs
{
    private const SocketCreationFlags NonBlockingFlags = SocketCreationFlags.CloseOnExec | SocketCreationFlags.NonBlocking;

    /// <summary>One pair, both ends non-blocking.</summary>
    public static (LinuxSocket Writer, LinuxSocket Reader) NonBlocking() => LinuxSocket.CreatePair(SocketKind.Stream, NonBlockingFlags);

    /// <summary><paramref name="count"/> pairs; the writers blocking unless <paramref name="nonBlockingWriters"/>.</summary>
    public static List<(LinuxSocket Writer, LinuxSocket Reader)> Many(int count, bool nonBlockingWriters = false)
    {
        List<(LinuxSocket Writer, LinuxSocket Reader)> pairs = new();
        for (int i = 0; i < count; i++)
        {
            var (writer, reader) = LinuxSocket.CreatePair(SocketKind.Stream, nonBlockingWriters ? NonBlockingFlags : SocketCreationFlags.CloseOnExec);
            pairs.Add((writer, reader));
            reader.IsNonBlocking = true;
        }
        return pairs;
    }

    public static void DisposeAll(List<(LinuxSocket Writer, LinuxSocket Reader)> pairs)
    {
        foreach (var pair in pairs)
        {
            pair.Writer.Dispose();
            pair.Reader.Dispose();
        }
    }
}
