using System;

namespace Kiwi.Net.Reactor;

/// <summary>
/// Names one timer of a <see cref="TimerQueue"/> (and so of an <c>EventLoop</c>) for
/// <see cref="TimerQueue.Cancel"/>: a token of the queue's <see cref="SlotTable{T}"/>, a slot number plus a
/// generation. Once the timer has fired or been cancelled its slot may be reused, and the old id then no longer
/// matches. <c>default</c> (token 0, which the table never issues) names no timer.
/// </summary>
public readonly struct TimerId : IEquatable<TimerId>
{
    internal TimerId(int queue, ulong token)
    {
        Queue = queue;
        Token = token;
    }

    /// <summary>The id of the <see cref="TimerQueue"/> that issued it, so that another queue refuses it.</summary>
    internal int Queue { get; }

    internal ulong Token { get; }

    /// <summary>False for <c>default(TimerId)</c>, which names no timer.</summary>
    public bool IsValid => Token != 0;

    /// <inheritdoc/>
    public bool Equals(TimerId other) => Queue == other.Queue && Token == other.Token;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TimerId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Queue, Token);

    /// <summary>True when both ids name the same timer.</summary>
    public static bool operator ==(TimerId left, TimerId right) => left.Equals(right);

    /// <summary>True when the ids name different timers.</summary>
    public static bool operator !=(TimerId left, TimerId right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => $"TimerId({Queue}:{(uint)Token}#{Token >> 32})";
}
