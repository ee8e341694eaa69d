using System;

namespace Kiwi.Net.Reactor;

/// <summary>
/// The writers that gathered output during the loop's current dispatch, in the order they first gathered, each
/// once; <see cref="FlushAll"/> writes them when the dispatch returns. Loop thread only; allocates only to grow.
/// </summary>
internal sealed class GatheredWriters
{
    private IGatheringWriter?[] _writers = new IGatheringWriter?[16];
    private int _count;

    /// <summary>Adds <paramref name="writer"/>; the caller adds each writer once per dispatch.</summary>
    public void Add(IGatheringWriter writer)
    {
        if (_count == _writers.Length)
        {
            Array.Resize(ref _writers, _count * 2);
        }
        _writers[_count++] = writer;
    }

    /// <summary>
    /// Flushes every writer, including those a flush adds (a close callback that sends to another connection); an
    /// exception is reported on <paramref name="loop"/> and the others are still flushed.
    /// </summary>
    public void FlushAll(EventLoop loop)
    {
        for (int i = 0; i < _count; i++)
        {
            IGatheringWriter writer = _writers[i]!;
            _writers[i] = null;
            try
            {
                writer.FlushGathered();
            }
            catch (Exception error)
            {
                loop.ReportError(error, writer);
            }
        }
        _count = 0;
    }
}
