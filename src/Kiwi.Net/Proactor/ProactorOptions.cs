using System;
using Microsoft.Extensions.Logging;

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

    /// <summary>Buffers of the ring's <see cref="Proactor.ProvidedBuffers"/> (a power of two up to 32768), registered
    /// with <c>IORING_REGISTER_PBUF_RING</c> when the ring starts; 0 (the default) registers none.</summary>
    public int ProvidedBufferCount { get; init; }

    /// <summary>Size of each provided buffer, bytes (16 KiB by default).</summary>
    public int ProvidedBufferSize { get; init; } = 16 * 1024;

    /// <summary>The ring thread's name.</summary>
    public string ThreadName { get; init; } = "kiwi-proactor";

    /// <summary>Where the Proactor logs handler exceptions (error), a failure of the ring thread (critical) and the
    /// ring's teardown (information; a warning when the kernel left cancellations unconfirmed). Null, the default,
    /// logs nothing.</summary>
    public ILogger? Logger { get; init; }
}
