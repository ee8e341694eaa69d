using System;

namespace Kiwi.Net.Proactor;

/// <summary>A completion handler threw: the <see cref="Proactor"/> caught it and kept running.</summary>
public sealed class ProactorErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="exception">What the handler threw.</param>
    /// <param name="kind">The operation whose completion it was handling.</param>
    public ProactorErrorEventArgs(Exception exception, ProactorOperationKind kind)
    {
        Exception = exception;
        Kind = kind;
    }

    /// <summary>What the handler threw.</summary>
    public Exception Exception { get; }

    /// <summary>The operation whose completion it was handling.</summary>
    public ProactorOperationKind Kind { get; }
}
