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
    internal TimerId(ulong token) => Token = token;

    internal ulong Token { get; }

    /// <summary>False for <c>default(TimerId)</c>, which names no timer.</summary>
    public bool IsValid => Token != 0;

    /// <inheritdoc/>
    public bool Equals(TimerId other) => Token == other.Token;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TimerId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Token.GetHashCode();

    /// <summary>True when both ids name the same timer.</summary>
    public static bool operator ==(TimerId left, TimerId right) => left.Equals(right);

    /// <summary>True when the ids name different timers.</summary>
    public static bool operator !=(TimerId left, TimerId right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => $"TimerId({(uint)Token}#{Token >> 32})";
}
