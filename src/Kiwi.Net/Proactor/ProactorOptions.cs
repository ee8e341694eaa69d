using System;

namespace Kiwi.Net.Proactor;

/// <summary>How a <see cref="Proactor"/> sets up its ring and runs continuations.</summary>
public sealed class ProactorOptions
{
    private readonly int _cancelTimeoutMilliseconds = 5000;

    /// <summary>Submission queue entries (<c>io_uring_setup</c>'s <c>entries</c>); the completion queue gets four
    /// times as many. Operations beyond it still work: a full queue is flushed to the kernel and reused.</summary>
    public uint SubmissionEntries { get; init; } = 1024;

    /// <summary>False (the default) runs an awaiting method's continuation inline on the ring thread when its
    /// operation completes, as handlers run: fastest, but the continuation must not block. True queues it to the
    /// thread pool.</summary>
    public bool RunContinuationsAsynchronously { get; init; }

    /// <summary>How long <see cref="Proactor.Dispose"/> waits for cancelled operations to be confirmed by the
    /// kernel before giving up on them (their buffers then stay pinned for good, rather than being freed under
    /// the kernel).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative: the wait would be skipped and every pending
    /// operation's handle kept referenced for good.</exception>
    public int CancelTimeoutMilliseconds
    {
        get => _cancelTimeoutMilliseconds;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(CancelTimeoutMilliseconds));
            _cancelTimeoutMilliseconds = value;
        }
    }

    /// <summary>The ring thread's name.</summary>
    public string ThreadName { get; init; } = "kiwi-proactor";
}
