using System;
using Microsoft.Extensions.Logging;

namespace Kiwi.Net.Proactor;

/// <summary>What a <see cref="Proactor"/> writes to <see cref="ProactorOptions.Logger"/> (event ids 200–299).</summary>
internal static partial class ProactorLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "the {Operation} completion handler threw; the Proactor goes on")]
    public static partial void HandlerFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "an ErrorReported subscriber threw")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Critical, Message = "the ring thread failed and shuts the Proactor down")]
    public static partial void RingThreadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "cancelling the operations in flight failed while tearing the ring down")]
    public static partial void CancelFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information,
        Message = "ring torn down: {Queued} queued operations cancelled before submission, {InFlight} in flight cancelled through the kernel")]
    public static partial void RingTornDown(ILogger logger, int queued, int inFlight);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning,
        Message = "ring torn down with {Unconfirmed} cancellations the kernel did not confirm within {TimeoutMilliseconds} ms; their buffers stay pinned")]
    public static partial void CancellationsUnconfirmed(ILogger logger, int unconfirmed, int timeoutMilliseconds);
}
