using System;
using Microsoft.Extensions.Logging;

namespace Kiwi.Net.SignalDriven;

/// <summary>What a <see cref="SignalDrivenIo"/> writes to its logger (event ids 300–399).</summary>
internal static partial class SignalIoLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "the handler of descriptor {Descriptor} threw; the signal-driven thread goes on")]
    public static partial void HandlerFailed(ILogger logger, int descriptor, Exception exception);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "turning O_ASYNC off on descriptor {Descriptor} failed at teardown")]
    public static partial void TeardownFailed(ILogger logger, int descriptor, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Critical, Message = "the signal-driven thread failed and stops")]
    public static partial void ThreadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "an Error subscriber threw")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);
}
