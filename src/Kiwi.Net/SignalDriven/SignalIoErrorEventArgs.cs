using System;

namespace Kiwi.Net.SignalDriven;

/// <summary>An error that the <see cref="SignalDrivenIo"/> thread caught and survived (a handler that threw), or the
/// one that stopped it (a failing signalfd read).</summary>
public sealed class SignalIoErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="exception">What went wrong.</param>
    /// <param name="descriptor">The descriptor concerned, or -1.</param>
    public SignalIoErrorEventArgs(Exception exception, int descriptor)
    {
        Exception = exception;
        Descriptor = descriptor;
    }

    /// <summary>What went wrong.</summary>
    public Exception Exception { get; }

    /// <summary>The descriptor whose handler threw or whose teardown failed, or -1 when none.</summary>
    public int Descriptor { get; }
}
