using System;

namespace Kiwi.Net.Reactor;

/// <summary>
/// An error that an <see cref="EventLoop"/> caught and survived: a user callback that threw, or a condition
/// such as running out of descriptors while accepting. The loop keeps running.
/// </summary>
public sealed class ReactorErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public ReactorErrorEventArgs(Exception exception, object? source)
    {
        Exception = exception;
        Source = source;
    }

    /// <summary>What went wrong.</summary>
    public Exception Exception { get; }

    /// <summary>The object concerned (a TcpConnection, an Acceptor...), or null.</summary>
    public object? Source { get; }
}
