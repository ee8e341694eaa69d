using System;
using System.Runtime.InteropServices;

namespace Kiwi.Reactor.Tests;

/// <summary>Lowers this process's soft RLIMIT_NOFILE (<c>setrlimit</c>) and puts the old limit back on dispose.</summary>
internal sealed class DescriptorLimit : IDisposable
{
    private const int RLIMIT_NOFILE = 7;

    private readonly ResourceLimit _saved;

    private DescriptorLimit(ResourceLimit saved)
    {
        _saved = saved;
    }

    /// <summary>Sets the soft limit to <paramref name="limit"/> descriptors.</summary>
    public static DescriptorLimit Lower(ulong limit)
    {
        Check(getrlimit(RLIMIT_NOFILE, out ResourceLimit saved), "getrlimit");
        Check(setrlimit(RLIMIT_NOFILE, new ResourceLimit { Current = Math.Min(limit, saved.Maximum), Maximum = saved.Maximum }), "setrlimit");
        return new DescriptorLimit(saved);
    }

    public void Dispose() => Check(setrlimit(RLIMIT_NOFILE, _saved), "setrlimit");

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
