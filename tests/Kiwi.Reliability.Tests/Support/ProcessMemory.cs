using System;
using System.IO;

namespace Kiwi.Reliability.Tests.Support;

/// <summary>What this process holds: managed heap (after a full collection) and resident memory (VmRSS from
/// /proc/self/status), for per-connection and flat-over-time figures.</summary>
internal static class ProcessMemory
{
    /// <summary>Bytes of live managed objects after a full, compacting collection.</summary>
    public static long Managed()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Resident set size in bytes.</summary>
    public static long Resident()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim()) * 1024;
            }
        }
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }

    /// <summary>Open descriptors that are not regular files (sockets, pipes, epoll, eventfd...), as
    /// <see cref="Kiwi.Tests.Shared.DescriptorLeakCheck"/> counts them: the runtime opens files lazily.</summary>
    public static int Descriptors() => Kiwi.Tests.Shared.DescriptorLeakCheck.Snapshot().Count;
}
