using Kiwi.Interop;

namespace Kiwi.Net;

// Signal sets and masks, the real-time signal range and the thread id signals are aimed at.
internal static unsafe partial class SystemCalls
{
    /// <summary><c>sigemptyset(3)</c>: 0 or <c>-errno</c>.</summary>
    public static int SigEmptySet(sigset_t* set) => Result(Libc.sigemptyset(set));

    /// <summary><c>sigaddset(3)</c>: 0 or <c>-errno</c> (<c>-EINVAL</c> for a number that is no signal).</summary>
    public static int SigAddSet(sigset_t* set, int signal) => Result(Libc.sigaddset(set, signal));

    /// <summary><c>pthread_sigmask(3)</c>, which returns the error number instead of setting errno: 0 or <c>-errno</c>.</summary>
    public static int PthreadSigmask(int how, sigset_t* set, sigset_t* old) => -Libc.pthread_sigmask(how, set, old);

    /// <summary><c>SIGRTMIN</c> (<c>kiwi_sigrtmin</c>; a function in glibc).</summary>
    public static int SigRtMin() => KiwiShim.kiwi_sigrtmin();

    /// <summary><c>SIGRTMAX</c> (<c>kiwi_sigrtmax</c>).</summary>
    public static int SigRtMax() => KiwiShim.kiwi_sigrtmax();

    /// <summary><c>gettid(2)</c> (<c>kiwi_gettid</c>): the calling thread's kernel id; cannot fail.</summary>
    public static int GetTid() => KiwiShim.kiwi_gettid();
}
