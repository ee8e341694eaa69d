using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kiwi.Tests.Shared;

/// <summary>
/// A class fixture that fails the test class when /proc/self/fd holds a different set of descriptors after the
/// class than before it (a descriptor leaked, or one the class did not own was closed). It counts what the tests
/// open (sockets, pipes, epoll/eventfd/io_uring instances) and skips regular files, which the runtime opens lazily
/// (assemblies, symbols for stack traces, the enumeration of /proc/self/fd itself).
/// </summary>
public class DescriptorLeakCheck : IDisposable
{
    private readonly Dictionary<int, string> _before;

    public DescriptorLeakCheck()
        : this(warmUp: null)
    {
    }

    /// <summary>Runs <paramref name="warmUp"/> before the snapshot: for a class that makes the runtime open a descriptor
    /// it keeps for the life of the process (the console's dup of stderr, .NET's socket engine).</summary>
    protected DescriptorLeakCheck(Action? warmUp)
    {
        warmUp?.Invoke();
        // Garbage of earlier classes is finalized first, so that it cannot close descriptors during this class.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _before = Snapshot();
    }

    public void Dispose()
    {
        Dictionary<int, string> after = Snapshot();
        if (after.Count != _before.Count)
        {
            string opened = string.Join(", ", after.Where(kv => !_before.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}->{kv.Value}"));
            string closed = string.Join(", ", _before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}->{kv.Value}"));
            throw new InvalidOperationException(
                $"/proc/self/fd had {_before.Count} entries before the test class and {after.Count} after. Left open: [{opened}]. Closed: [{closed}].");
        }
    }

    /// <summary>Descriptor number → what it refers to, read from /proc/self/fd.</summary>
    public static Dictionary<int, string> Snapshot()
    {
        Dictionary<int, string> entries = new();
        foreach (string path in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(path), out int fd))
            {
                // The enumeration's own descriptor is gone by the time we read its link.
                string? target = new FileInfo(path).LinkTarget;
                if (target is not null && !target.StartsWith('/'))
                {
                    entries[fd] = target;
                }
            }
        }
        return entries;
    }
}
