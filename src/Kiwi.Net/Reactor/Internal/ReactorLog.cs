using System;
using System.Net;
using Kiwi.Interop;
using Microsoft.Extensions.Logging;

namespace Kiwi.Net.Reactor;

/// <summary>What the Reactor writes to an <see cref="EventLoop.Logger"/> (event ids 100–199).</summary>
internal static partial class ReactorLog
{
    /// <summary>Logs an error the loop survived: running out of descriptors as a warning, anything else as an error.</summary>
    public static void Report(ILogger logger, Exception exception, object? source)
    {
        string name = source?.GetType().Name ?? nameof(EventLoop);
        if (exception is ErrnoException { Errno: Libc.EMFILE or Libc.ENFILE } exhausted)
        {
            DescriptorsExhausted(logger, name, exhausted.Call, exhausted.ErrnoName);
        }
        else
        {
            Failed(logger, name, exception);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "{Source} failed on the loop thread; the loop goes on")]
    public static partial void Failed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "{Source}: {Call} says {Errno}, out of descriptors; pending connections are accepted and closed until some are free")]
    public static partial void DescriptorsExhausted(ILogger logger, string source, string call, string errno);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information,
        Message = "connecting to {Address} failed (attempt {Attempt}); retrying in {DelayMilliseconds} ms")]
    public static partial void RetryingConnect(ILogger logger, EndPoint address, int attempt, long delayMilliseconds);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "{Client}: the connection to {Address} closed; reconnecting")]
    public static partial void Reconnecting(ILogger logger, string client, EndPoint address);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "an ErrorReported subscriber threw")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);
}
