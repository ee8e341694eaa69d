using System;
using System.Runtime.InteropServices;

namespace Kiwi.Tests.Shared;

/// <summary>Changes this process's RLIMIT_NOFILE (<c>setrlimit</c>) and puts the old limit back on dispose: lowered
/// for an EMFILE test, raised for many connections.</summary>
public sealed class DescriptorLimit : IDisposable
{
    private const int RLIMIT_NOFILE = 7;

    private readonly ResourceLimit _saved;

    private DescriptorLimit(ResourceLimit saved)
    {
        _saved = saved;
    }

    /// <summary>Sets the soft limit to <paramref name="limit"/> descriptors (at most the hard limit).</summary>
    public static DescriptorLimit Lower(ulong limit) => Set(limit, out _);

    /// <summary>Raises the limit to <paramref name="limit"/>: the hard limit too when the process may (root), else
    /// up to the hard limit; <paramref name="granted"/> says what was set.</summary>
    public static DescriptorLimit Raise(ulong limit, out ulong granted) => Set(limit, out granted);

    public void Dispose() => Check(setrlimit(RLIMIT_NOFILE, _saved), "setrlimit");

    private static DescriptorLimit Set(ulong limit, out ulong granted)
    {
        Check(getrlimit(RLIMIT_NOFILE, out ResourceLimit saved), "getrlimit");
        if (limit > saved.Maximum && setrlimit(RLIMIT_NOFILE, new ResourceLimit { Current = limit, Maximum = limit }) == 0)
        {
            granted = limit;
            return new DescriptorLimit(saved);
        }
        granted = Math.Min(limit, saved.Maximum);
        Check(setrlimit(RLIMIT_NOFILE, new ResourceLimit { Current = granted, Maximum = saved.Maximum }), "setrlimit");
        return new DescriptorLimit(saved);
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out ResourceLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, in ResourceLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
