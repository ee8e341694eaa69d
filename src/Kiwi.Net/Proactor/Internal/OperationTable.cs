using System;
using System.Collections.Generic;

namespace Kiwi.Net.Proactor;

/// <summary>
/// The operations in flight, keyed by the 64-bit <c>user_data</c> token the kernel hands back in each completion:
/// slot index in the low 32 bits, the slot's generation in the high 31. A managed pointer never crosses into the
/// kernel, and a stale completion (a slot reused since) never reaches the wrong operation because its generation no
/// longer matches. Tokens with the top bit set are reserved for the Proactor's own entries. Ring thread only.
/// </summary>
internal sealed class OperationTable
{
    private const int NoSlot = -1;

    private ProactorOperation?[] _operations = new ProactorOperation?[64];
    private uint[] _generations = new uint[64];
    private int[] _nextFree = new int[64];
    private int _freeHead = NoSlot;
    private int _highWater;

    /// <summary>Operations in flight.</summary>
    public int Count { get; private set; }

    /// <summary>Stores <paramref name="operation"/> in a free slot and returns its token (never 0, top bit clear).</summary>
    public ulong Add(ProactorOperation operation)
    {
        int slot = _freeHead;
        if (slot != NoSlot)
        {
            _freeHead = _nextFree[slot];
        }
        else
        {
            if (_highWater == _operations.Length)
            {
                Grow();
            }
            slot = _highWater++;
        }
        // Generations run 1..2^31-1, so a token is never 0 and never has the reserved top bit.
        uint generation = (_generations[slot] & 0x7FFF_FFFF) + 1;
        if (generation > 0x7FFF_FFFF)
        {
            generation = 1;
        }
        _generations[slot] = generation;
        _operations[slot] = operation;
        Count++;
        return ((ulong)generation << 32) | (uint)slot;
    }

    /// <summary>The operation <paramref name="token"/> names, or null when it is stale or unknown.</summary>
    public ProactorOperation? Find(ulong token)
    {
        int slot = (int)(uint)token;
        uint generation = (uint)(token >> 32);
        return (uint)slot < (uint)_highWater && _generations[slot] == generation ? _operations[slot] : null;
    }

    /// <summary>Frees the slot of <paramref name="token"/> (which must be live) for reuse.</summary>
    public void Remove(ulong token)
    {
        int slot = (int)(uint)token;
        _operations[slot] = null;
        // Bumping the generation here too makes a late duplicate completion of this token miss.
        _generations[slot] = (_generations[slot] + 1) & 0x7FFF_FFFF;
        _nextFree[slot] = _freeHead;
        _freeHead = slot;
        Count--;
    }

    /// <summary>Appends the token of every operation in flight to <paramref name="tokens"/>.</summary>
    public void CopyTokens(List<ulong> tokens)
    {
        for (int slot = 0; slot < _highWater; slot++)
        {
            if (_operations[slot] is not null)
            {
                tokens.Add(((ulong)_generations[slot] << 32) | (uint)slot);
            }
        }
    }

    private void Grow()
    {
        int size = _operations.Length * 2;
        Array.Resize(ref _operations, size);
        Array.Resize(ref _generations, size);
        Array.Resize(ref _nextFree, size);
    }
}
