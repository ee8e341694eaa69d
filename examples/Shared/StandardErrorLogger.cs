using System;
using Microsoft.Extensions.Logging;

namespace Kiwi.Examples;

/// <summary>
/// Writes what the library logs at <see cref="LogLevel.Information"/> and above to standard error, one line per entry,
/// so an example server shows the handler exceptions and descriptor exhaustion its loops survive (the library itself
/// is silent unless given a logger).
/// </summary>
public sealed class StandardErrorLogger : ILogger
{
    /// <summary>The one instance; it keeps no state.</summary>
    public static readonly StandardErrorLogger Instance = new();

    private StandardErrorLogger()
    {
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        string line = exception is null ? formatter(state, exception) : $"{formatter(state, exception)}: {exception}";
        Console.Error.WriteLine($"{logLevel}: {line}");
    }
}
