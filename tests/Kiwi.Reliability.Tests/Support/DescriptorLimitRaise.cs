using System;
using System.Runtime.InteropServices;

namespace Kiwi.Reliability.Tests.Support;

/// <summary>Raises this process's RLIMIT_NOFILE for many connections (the hard limit too when privileged), or lowers it for
/// an EMFILE test, and puts the old limit back on dispose.</summary>
internal sealed class DescriptorLimitRaise : IDisposable
{
    private const int RLIMIT_NOFILE = 7;
    private readonly ResourceLimit _saved;

    private DescriptorLimitRaise(ResourceLimit saved) => _saved = saved;

    /// <summary>Sets the soft limit to <paramref name="limit"/>, capped by the hard limit.</summary>
    public static DescriptorLimitRaise To(ulong limit, out ulong granted)
    {
        Check(getrlimit(RLIMIT_NOFILE, out ResourceLimit saved), "getrlimit");
        // Root (CAP_SYS_RESOURCE) may raise the hard limit too; anyone else gets at most the hard limit.
        if (limit > saved.Maximum && setrlimit(RLIMIT_NOFILE, new ResourceLimit { Current = limit, Maximum = limit }) == 0)
        {
            granted = limit;
            return new DescriptorLimitRaise(saved);
        }
        granted = Math.Min(limit, saved.Maximum);
        Check(setrlimit(RLIMIT_NOFILE, new ResourceLimit { Current = granted, Maximum = saved.Maximum }), "setrlimit");
        return new DescriptorLimitRaise(saved);
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
