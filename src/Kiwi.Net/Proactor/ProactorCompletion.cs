using Kiwi.Interop;

namespace Kiwi.Net.Proactor;

/// <summary>
/// One completion (<c>io_uring_cqe</c>) as a <see cref="CompletionHandler"/> sees it: what was done, the kernel's
/// result (<c>cqe.res</c>: bytes, a new descriptor, 0, or <c>-errno</c>) and the state given at submission.
/// </summary>
public readonly struct ProactorCompletion
{
    private static readonly string[] CallNames =
        ["io_uring accept", "io_uring connect", "io_uring recv", "io_uring send", "io_uring close", "io_uring async_cancel",
         "io_uring recvmsg", "io_uring sendmsg"];

    internal ProactorCompletion(Proactor proactor, ProactorOperationKind kind, int result, bool hasMore, object? state, int bufferId = -1)
    {
        Proactor = proactor;
        Kind = kind;
        Result = result;
        HasMore = hasMore;
        State = state;
        BufferId = bufferId;
    }

    /// <summary>The provided buffer the kernel selected for a receive (<c>IORING_CQE_F_BUFFER</c>, the id in the
    /// flags' upper 16 bits), or -1. Its bytes are <see cref="ProvidedBufferRing.GetBuffer"/>(BufferId, Result); the
    /// handler owns it until it calls <see cref="ProvidedBufferRing.Return"/>.</summary>
    public int BufferId { get; }

    /// <summary>The Proactor that ran the operation (submit the next one on it).</summary>
    public Proactor Proactor { get; }

    /// <summary>What the operation was.</summary>
    public ProactorOperationKind Kind { get; }

    /// <summary><c>io_uring_cqe.res</c>: bytes received or sent (0 from a receive: the peer shut down), the accepted
    /// descriptor (the handler owns it: wrap it in a <see cref="SocketHandle"/> at once), 0 for connect and close,
    /// the number of operations cancelled for a cancel, or <c>-errno</c> on failure.</summary>
    public int Result { get; }

    /// <summary><c>IORING_CQE_F_MORE</c>: a multishot operation goes on and will complete again.</summary>
    public bool HasMore { get; }

    /// <summary>The state object given at submission.</summary>
    public object? State { get; }

    /// <summary>True when <see cref="Result"/> is not an error.</summary>
    public bool Succeeded => Result >= 0;

    /// <summary>The positive errno of a failure, 0 on success.</summary>
    public int Errno => Result < 0 ? -Result : 0;

    /// <summary>True when the operation was cancelled (<c>-ECANCELED</c>), e.g. because the Proactor is being disposed.</summary>
    public bool IsCanceled => Result == -Libc.ECANCELED;

    /// <summary>The C-style name of the operation for messages: <c>"io_uring recv"</c>.</summary>
    public string CallName => NameOf(Kind);

    /// <summary>The failure as an exception: <c>"io_uring recv: ECONNRESET (Connection reset by peer)"</c>.</summary>
    public ErrnoException ToException() => new(CallName, Errno);

    /// <summary>Returns <see cref="Result"/>, or throws <see cref="ToException"/> when it is an error.</summary>
    /// <exception cref="ErrnoException">The operation failed.</exception>
    public int ThrowIfError() => Result >= 0 ? Result : throw ToException();

    internal static string NameOf(ProactorOperationKind kind) => CallNames[(int)kind];
}
