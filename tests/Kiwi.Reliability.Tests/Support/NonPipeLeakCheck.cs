using System;
using System.Collections.Generic;
using System.Linq;

namespace Kiwi.Reliability.Tests.Support;

/// <summary>
/// A class fixture like <see cref="DescriptorLeakCheck"/> that leaves pipes out, for test classes whose code under
/// test writes to <see cref="Console.Error"/> (the chat codec, the loop's stderr report): the runtime's console and
/// signal handling open pipes of their own on first use, and nothing those classes test opens a pipe.
/// </summary>
public sealed class NonPipeLeakCheck : IDisposable
{
    private readonly Dictionary<int, string> _before = Snapshot();

    public void Dispose()
    {
        Dictionary<int, string> after = Snapshot();
        if (after.Count != _before.Count)
        {
            throw new InvalidOperationException("descriptors left open: " +
                string.Join(", ", after.Where(kv => !_before.ContainsKey(kv.Key)).Select(kv => $"{kv.Key}->{kv.Value}")));
        }
    }

    private static Dictionary<int, string> Snapshot()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return DescriptorLeakCheck.Snapshot().Where(kv => !kv.Value.StartsWith("pipe:", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value);
    }
}
