using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Kiwi.Net;

/// <summary>
/// Values keyed by a 64-bit token that can cross into the kernel (epoll's <c>data.u64</c>, io_uring's
/// <c>user_data</c>) or out to a caller (<c>TimerId</c>) instead of a managed reference: the slot index in the low
/// 32 bits, the slot's generation in the high 32. Removing a value bumps its slot's generation, so a stale token (an
/// event still queued, a late completion, an old id) finds nothing even after the slot is reused. Generations run
/// 1..2^31-1: a token is never 0 (free for "none") and never has the top bit (free for a caller's reserved tokens).
/// Not thread-safe: the Reactor's loop thread, the Proactor's ring thread, or a caller's lock owns each table.
/// </summary>
/// <typeparam name="T">What a slot holds: a reference, or a struct the owner edits in place with <see cref="At"/>.</typeparam>
internal sealed class SlotTable<T>
{
    private const int Occupied = -2;
    private const int NoSlot = -1;
    private const uint MaxGeneration = 0x7FFF_FFFF;

    private T[] _values;
    private uint[] _generations;
    private int[] _nextFree;
    private int _freeHead = NoSlot;
    private int _highWater;

    /// <summary>An empty table with room for <paramref name="capacity"/> values before it grows.</summary>
    public SlotTable(int capacity = 64)
    {
        _values = new T[capacity];
        _generations = new uint[capacity];
        _nextFree = new int[capacity];
    }

    /// <summary>Values stored.</summary>
    public int Count { get; private set; }

    /// <summary>Stores <paramref name="value"/> in a free slot and returns its token (never 0, top bit clear).</summary>
    public ulong Add(T value)
    {
        int slot = _freeHead;
        if (slot != NoSlot)
        {
            _freeHead = _nextFree[slot];
        }
        else
        {
            if (_highWater == _values.Length)
            {
                Grow();
            }
            slot = _highWater++;
            _generations[slot] = 1;
        }
        _nextFree[slot] = Occupied;
        _values[slot] = value;
        Count++;
        return TokenOf(slot);
    }

    /// <summary>True when <paramref name="token"/> names a value still stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ulong token)
    {
        int slot = (int)(uint)token;
        return (uint)slot < (uint)_highWater && _generations[slot] == (uint)(token >> 32) && _nextFree[slot] == Occupied;
    }

    /// <summary>The value <paramref name="token"/> names, or false when the token is stale or unknown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong token, out T value)
    {
        if (Contains(token))
        {
            value = _values[(int)(uint)token];
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>The stored value of a live <paramref name="token"/>, by reference (check with <see cref="Contains"/> first).</summary>
    public ref T At(ulong token) => ref _values[(int)(uint)token];

    /// <summary>Frees the slot of a live <paramref name="token"/>: the value is dropped and every copy of the token goes stale.</summary>
    public void Remove(ulong token)
    {
        int slot = (int)(uint)token;
        _values[slot] = default!;
        _generations[slot] = _generations[slot] == MaxGeneration ? 1 : _generations[slot] + 1;
        _nextFree[slot] = _freeHead;
        _freeHead = slot;
        Count--;
    }

    /// <summary>Appends the token of every stored value to <paramref name="tokens"/>, in slot order.</summary>
    public void CopyTokens(List<ulong> tokens)
    {
        for (int slot = 0; slot < _highWater; slot++)
        {
            if (_nextFree[slot] == Occupied)
            {
                tokens.Add(TokenOf(slot));
            }
        }
    }

    private ulong TokenOf(int slot) => ((ulong)_generations[slot] << 32) | (uint)slot;

    private void Grow()
    {
        int size = _values.Length * 2;
        Array.Resize(ref _values, size);
        Array.Resize(ref _generations, size);
        Array.Resize(ref _nextFree, size);
    }
}
