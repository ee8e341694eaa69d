using System;
using Kiwi.Interop;

namespace Kiwi.Net.Tests.SignalDriven;

/// <summary>
/// Lowers this process's soft <c>RLIMIT_SIGPENDING</c> (how many queued signals the user may have pending) for the
/// length of a using block, so that queuing the real-time signal fails and the kernel falls back to plain SIGIO:
/// the overflow, provoked for real. The runtime tolerates it: CoreCLR's own real-time signal (activation injection)
/// treats EAGAIN from pthread_kill as "try later".
/// </summary>
internal readonly unsafe struct SignalQueueOverflow : IDisposable
{
    private readonly rlimit _saved;

    private SignalQueueOverflow(rlimit saved) => _saved = saved;

    /// <summary>Sets the soft limit to <paramref name="pending"/> until disposed (lowering needs no privilege).</summary>
    public static SignalQueueOverflow Limit(ulong pending)
    {
        rlimit saved;
        Assert.Equal(0, Libc.getrlimit(Libc.RLIMIT_SIGPENDING, &saved));
        rlimit lowered = new() { rlim_cur = (nuint)pending, rlim_max = saved.rlim_max };
        Assert.Equal(0, Libc.setrlimit(Libc.RLIMIT_SIGPENDING, &lowered));
        return new SignalQueueOverflow(saved);
    }

    public void Dispose()
    {
        rlimit saved = _saved;
        Assert.Equal(0, Libc.setrlimit(Libc.RLIMIT_SIGPENDING, &saved));
    }
}
