using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiwi.Net.SignalDriven;

/// <summary>
/// Signal-driven I/O (<c>O_ASYNC</c>): the kernel raises a queued real-time signal carrying the descriptor
/// (<c>si_fd</c>) and the band (<c>si_code</c>, <c>si_band</c>) whenever a registered descriptor becomes ready, and
/// one dedicated thread reads those signals from a <c>signalfd(2)</c> and calls the descriptor's handler.
/// </summary>
/// <remarks>
/// <para><b>Why no other thread ever sees the signal.</b> The .NET runtime owns most threads of the process (thread
/// pool, GC, finalizer, timers) and they do not block our signals; a signal aimed at the process would be delivered
/// to any of them and its default action (terminate, for <c>SIGIO</c> and for real-time signals) would end the
/// process. So every registered descriptor gets <c>fcntl(F_SETOWN_EX, { F_OWNER_TID, tid })</c> with the kernel
/// thread id (<c>gettid</c>) of this object's thread: the kernel then queues the signal on that thread alone —
/// the real-time signal set with <c>F_SETSIG</c> and, when the real-time queue overflows, the plain <c>SIGIO</c> it
/// falls back to. That thread blocks both with <c>pthread_sigmask</c> before its id is handed out, so they stay
/// pending until its signalfd read takes them. <c>F_OWNER_PID</c>/<c>F_SETOWN</c> would not be safe here.</para>
/// <para><b>Registration race.</b> Signal and owner are set before <c>O_ASYNC</c> is switched on, so the first signal
/// is already the right one on the right thread; and because a descriptor that was ready before <c>O_ASYNC</c> went
/// on raises no signal, the thread checks each new registration once with <c>poll(2)</c> (timeout 0).</para>
/// <para><b>Teardown.</b> <see cref="Unregister"/> and <see cref="Dispose"/> turn <c>O_ASYNC</c> off before anything
/// else (no new signal after that), then clear owner and signal; signals already queued are drained from the
/// signalfd and dropped. The thread does this for every descriptor before it exits, so a later thread that reuses
/// its id can never be targeted. A registration holds a reference on the handle, so the descriptor number cannot be
/// closed and reused while a queued signal may still name it.</para>
/// <para><b>Overflow.</b> Real-time signals queue up to <c>RLIMIT_SIGPENDING</c> per user; beyond it the kernel sends
/// <c>SIGIO</c> without a descriptor. On <c>SIGIO</c> the thread drains the queue and polls every registered
/// descriptor (<see cref="OverflowCount"/> counts these).</para>
/// <para>The chosen real-time signal must not be used by anything else in the process. <c>SIGRTMIN</c> itself is
/// the runtime's (CoreCLR injects activations with it), hence an offset from it.</para>
/// </remarks>
public sealed partial class SignalDrivenIo : IDisposable
{
    /// <summary>The default real-time signal, as an offset from <c>SIGRTMIN</c> (glibc's <c>SIGRTMIN</c> already
    /// excludes its own two; CoreCLR uses <c>SIGRTMIN</c> + 0).</summary>
    public const int DefaultSignalOffset = 4;

    /// <summary>How long <see cref="Dispose"/> waits for the thread to stop.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private const int RecordsPerRead = 64;
    private const int ReadsPerWakeUp = 16;

    private readonly object _gate = new();
    private readonly Dictionary<int, SignalIoRegistration> _registrations = new();
    private readonly ConcurrentQueue<SignalIoRegistration> _toCheck = new();
    private readonly ConcurrentQueue<SignalIoRegistration> _toRelease = new();
    private readonly signalfd_siginfo[] _records = new signalfd_siginfo[RecordsPerRead];
    private readonly List<SignalIoRegistration> _repollList = new();
    private readonly SignalFdHandle _signals;
    private readonly EventFdHandle _wake;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _started = new();
    private readonly ILogger _logger;
    private PollDescriptor[] _repollEntries = new PollDescriptor[16];
    private ExceptionDispatchInfo? _startFailure;
    private int _threadId;
    private volatile bool _closed;
    private int _repollRequested;
    private long _signalCount;
    private long _overflowCount;

    /// <summary>Starts the dedicated thread, which blocks <c>SIGRTMIN + signalOffset</c> and <c>SIGIO</c>
    /// (<c>pthread_sigmask</c>) and reads them from a <c>signalfd(2)</c>.</summary>
    /// <param name="signalOffset">Which real-time signal: <c>SIGRTMIN + signalOffset</c>, at least 1 and at most
    /// <c>SIGRTMAX - SIGRTMIN</c>.</param>
    /// <param name="threadName">The thread's name.</param>
    /// <param name="logger">Where the thread logs a handler's exception (error), a failed teardown of a descriptor
    /// (warning) and its own failure (critical), besides raising <see cref="Error"/>; none by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">The offset names no real-time signal, or SIGRTMIN itself.</exception>
    /// <exception cref="ErrnoException">signalfd, eventfd or pthread_sigmask failed.</exception>
    public SignalDrivenIo(int signalOffset = DefaultSignalOffset, string threadName = "kiwi-signal-io", ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        int min = SystemCalls.SigRtMin();
        ArgumentOutOfRangeException.ThrowIfLessThan(signalOffset, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(signalOffset, SystemCalls.SigRtMax() - min);
        Signal = min + signalOffset;
        _signals = SignalFdHandle.Create([Signal, Libc.SIGIO]);
        try
        {
            _wake = EventFdHandle.Create(nonBlocking: true);
        }
        catch
        {
            _signals.Dispose();
            throw;
        }
        _thread = new Thread(ThreadMain) { Name = threadName, IsBackground = true };
        _thread.Start();
        _started.Wait();
        if (_startFailure is not null)
        {
            _wake.Dispose();
            _signals.Dispose();
            _startFailure.Throw();
        }
    }

    /// <summary>Raised on the dedicated thread when a handler throws (the thread goes on), when undoing a
    /// descriptor's fcntl settings fails at teardown, or when the signalfd read fails (the thread stops).
    /// An exception thrown by a subscriber goes to the logger only.</summary>
    public event EventHandler<SignalIoErrorEventArgs>? Error;

    /// <summary>The real-time signal number (<c>SIGRTMIN + offset</c>) given to <c>fcntl(F_SETSIG)</c>.</summary>
    public int Signal { get; }

    /// <summary>The kernel thread id (<c>gettid(2)</c>) of the dedicated thread: the <c>F_OWNER_TID</c> owner of
    /// every registered descriptor.</summary>
    public int ThreadId => _threadId;

    /// <summary>How many real-time signals the thread has read.</summary>
    public long SignalCount => Interlocked.Read(ref _signalCount);

    /// <summary>How many times the thread read <c>SIGIO</c> (the real-time queue overflowed) and re-polled.</summary>
    public long OverflowCount => Interlocked.Read(ref _overflowCount);

    /// <summary>How many descriptors are registered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _registrations.Count;
            }
        }
    }

    /// <summary>True when called on the dedicated thread (inside a handler).</summary>
    public bool IsOnThread => Thread.CurrentThread == _thread;

    /// <summary>Makes <paramref name="handle"/> signal-driven: <c>fcntl(F_SETSIG)</c> to <see cref="Signal"/>,
    /// <c>fcntl(F_SETOWN_EX)</c> to this thread (<c>F_OWNER_TID</c>), then <c>O_ASYNC</c> with <c>fcntl(F_SETFL)</c>.
    /// The thread then checks it once with <c>poll(2)</c>, since readiness that predates <c>O_ASYNC</c> raises no
    /// signal. Callable from any thread, including a handler.</summary>
    /// <param name="handle">An open descriptor whose file supports <c>O_ASYNC</c> (sockets, pipes, terminals); make
    /// it non-blocking, since a report is a hint. The registration keeps it open until it is unregistered.</param>
    /// <param name="handler">Called on the dedicated thread for each report.</param>
    /// <param name="interest">What the registration check and the overflow re-poll ask <c>poll(2)</c> for; the
    /// signals themselves report whatever the kernel raises.</param>
    /// <exception cref="InvalidOperationException">The descriptor is already registered.</exception>
    /// <exception cref="ObjectDisposedException">This object or the handle is disposed.</exception>
    /// <exception cref="ErrnoException">An fcntl failed (named, e.g. <c>fcntl(F_SETOWN_EX): EBADF</c>).</exception>
    public void Register(FileDescriptorHandle handle, SignalIoHandler handler, PollEvents interest = PollEvents.In | PollEvents.Priority)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            bool added = false;
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            try
            {
                if (_registrations.ContainsKey(fd))
                {
                    throw new InvalidOperationException($"descriptor {fd} is already registered for signal-driven I/O");
                }
                // Under the lock: a signal raised from here on waits for the table entry below.
                AsyncSignalOwner.Enable(fd, Signal, _threadId);
            }
            catch
            {
                handle.DangerousRelease();
                throw;
            }
            SignalIoRegistration registration = new(handle, fd, handler, interest);
            _registrations.Add(fd, registration);
            _toCheck.Enqueue(registration);
            Wake();
        }
    }

    /// <summary>Stops signals for <paramref name="handle"/>: <c>O_ASYNC</c> off (<c>fcntl(F_SETFL)</c>) first, then
    /// owner and signal cleared (<c>F_SETOWN_EX</c> pid 0, <c>F_SETSIG</c> 0); signals already queued for it are
    /// dropped. Called on another thread, a report already being dispatched may still reach the handler once; the
    /// handle stays open until the dedicated thread has passed it.</summary>
    /// <param name="handle">A registered handle (it may already be disposed by its owner).</param>
    /// <returns>False when it was not registered (or this object is disposed, which unregisters everything).</returns>
    /// <exception cref="ErrnoException">Undoing a setting failed; the registration is removed all the same.</exception>
    public bool Unregister(FileDescriptorHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ErrnoException? failure;
        lock (_gate)
        {
            int fd = (int)handle.DangerousGetHandle();
            if (_closed || !_registrations.TryGetValue(fd, out SignalIoRegistration? registration) || registration.Handle != handle)
            {
                return false;
            }
            _registrations.Remove(fd);
            failure = AsyncSignalOwner.Disable(fd);
            if (IsOnThread)
            {
                registration.Release();
            }
            else
            {
                // The thread may be inside this descriptor's handler: it releases the handle after it.
                _toRelease.Enqueue(registration);
                Wake();
            }
        }
        if (failure is not null)
        {
            throw failure;
        }
        return true;
    }

    /// <summary>Asks the thread to poll every registered descriptor (<c>poll(2)</c>, timeout 0) and report the
    /// ready ones with <see cref="SignalIoReason.Polled"/>: what it does by itself after a queue overflow.</summary>
    /// <exception cref="ObjectDisposedException">This object is disposed.</exception>
    public void RequestRepoll()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            Volatile.Write(ref _repollRequested, 1);
            Wake();
        }
    }

    /// <summary>Stops the thread (waiting up to <see cref="StopTimeout"/>): it turns <c>O_ASYNC</c> off on every
    /// registered descriptor, drains the signalfd, drops its references and closes the signalfd and its eventfd.
    /// From a handler, the thread stops once the handler returns. If a handler blocks past the timeout, the thread
    /// cleans up when it returns.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            Wake();
        }
        if (!IsOnThread)
        {
            _thread.Join(StopTimeout);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"SignalDrivenIo(signal {Signal}, tid {_threadId}, {Count} descriptors)";

    /// <summary>Wakes the thread's poll through the eventfd; called under <see cref="_gate"/> by a caller that found
    /// <see cref="_closed"/> false there, so the thread has not shut down (it sets <see cref="_closed"/> under the
    /// gate before it closes the eventfd) and the eventfd is open.</summary>
    private void Wake() => _wake.TryAdd(1);
}
