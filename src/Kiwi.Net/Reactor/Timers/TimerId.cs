using System;

namespace Kiwi.Net.Reactor;

/// <summary>
/// Names one timer of a <see cref="TimerQueue"/> (and so of an <c>EventLoop</c>) for
/// <see cref="TimerQueue.Cancel"/>. A slot number plus a generation: once the timer has fired or been
/// cancelled its slot may be reused, and the old id then no longer matches. <c>default</c> names no timer.
/// </summary>
public readonly struct TimerId : IEquatable<TimerId>
{
    internal TimerId(int slot, int generation)
    {
        Slot = slot;
        Generation = generation;
    }

    internal int Slot { get; }

    internal int Generation { get; }

    /// <summary>False for <c>default(TimerId)</c>, which names no timer.</summary>
    public bool IsValid => Generation != 0;

    /// <inheritdoc/>
    public bool Equals(TimerId other) => Slot == other.Slot && Generation == other.Generation;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TimerId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Slot, Generation);

    /// <summary>True when both ids name the same timer.</summary>
    public static bool operator ==(TimerId left, TimerId right) => left.Equals(right);

    /// <summary>True when the ids name different timers.</summary>
    public static bool operator !=(TimerId left, TimerId right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => $"TimerId({Slot}#{Generation})";
}
