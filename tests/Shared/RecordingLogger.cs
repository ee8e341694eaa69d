using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Kiwi.Tests.Shared;

/// <summary>An <see cref="ILogger"/> that keeps every entry in memory, for asserting what a component logged.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly object _gate = new();
    private readonly List<LogEntry> _entries = new();

    /// <summary>A copy of the entries so far.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            Dictionary<string, object?> values = new();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach ((string name, object? value) in pairs)
                {
                    values[name] = value;
                }
            }
            _entries.Add(new LogEntry(logLevel, eventId, formatter(state, exception), exception, values));
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits (at most <paramref name="limit"/>) for an entry with <paramref name="eventId"/> and returns the first.</summary>
    public LogEntry WaitFor(int eventId, TimeSpan limit)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        lock (_gate)
        {
            while (true)
            {
                LogEntry? found = _entries.FirstOrDefault(entry => entry.EventId.Id == eventId);
                if (found is not null)
                {
                    return found;
                }
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    string seen = string.Join("; ", _entries.Select(entry => $"{entry.EventId.Id} {entry.Message}"));
                    throw new TimeoutException($"no log entry {eventId} within {limit.TotalSeconds} s; logged: [{seen}]");
                }
                Monitor.Wait(_gate, left);
            }
        }
    }
}
