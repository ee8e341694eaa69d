using System;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>Builds a <c>sigset_t</c> and blocks it on the calling thread: the two steps every signalfd reader
/// takes before it reads.</summary>
internal static unsafe class SignalSet
{
    /// <summary>A set holding exactly <paramref name="signals"/> (<c>sigemptyset(3)</c>, <c>sigaddset(3)</c>).</summary>
    /// <exception cref="ErrnoException">A number is not a valid signal (<c>EINVAL</c>).</exception>
    public static sigset_t Of(ReadOnlySpan<int> signals)
    {
        sigset_t set = default;
        SystemCalls.ThrowIfFailed(SystemCalls.SigEmptySet(&set), "sigemptyset");
        foreach (int signal in signals)
        {
            SystemCalls.ThrowIfFailed(SystemCalls.SigAddSet(&set, signal), "sigaddset");
        }
        return set;
    }

    /// <summary>Adds <paramref name="set"/> to the calling thread's signal mask (<c>pthread_sigmask(SIG_BLOCK)</c>).</summary>
    /// <exception cref="ErrnoException">pthread_sigmask failed.</exception>
    public static void BlockOnCurrentThread(sigset_t set)
        => SystemCalls.ThrowIfFailed(SystemCalls.PthreadSigmask(Libc.SIG_BLOCK, &set, null), "pthread_sigmask");
}
