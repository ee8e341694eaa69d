using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Kiwi.Tests.Shared;

/// <summary>One call a <see cref="RecordingLogger"/> received, with the message's named values (<c>{Name}</c>).</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception,
    IReadOnlyDictionary<string, object?> Values);
