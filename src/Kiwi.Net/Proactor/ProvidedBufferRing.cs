using System;
using System.Runtime.InteropServices;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Proactor;

/// <summary>
/// A ring of provided buffers (<c>io_uring_register(IORING_REGISTER_PBUF_RING)</c>, Linux 5.19): <see cref="Count"/>
/// buffers of <see cref="BufferSize"/> bytes in one native allocation that never moves, handed to the kernel
/// through a shared ring of <c>io_uring_buf</c> entries. A receive with buffer selection
/// (<see cref="Proactor.ReceiveMultishot"/>) takes the next free buffer when data arrives and names it in its
/// completion (<see cref="ProactorCompletion.BufferId"/>); the buffer belongs to the handler until it gives it back
/// with <see cref="Return"/> (after its handler, or after the send that echoes it completes). Nothing is pinned per
/// operation. Created and used on its <see cref="Proactor"/>'s ring thread only (<see cref="ProactorOptions.ProvidedBufferCount"/>).
/// </summary>
public sealed unsafe class ProvidedBufferRing
{
    private readonly byte* _buffers;
    private readonly io_uring_buf* _ring;
    private readonly ushort* _tail;
    private readonly uint _mask;
    private readonly int _ringThreadId;
    private ushort _localTail;

    private ProvidedBufferRing(byte* buffers, io_uring_buf* ring, int count, int bufferSize, ushort groupId)
    {
        _buffers = buffers;
        _ring = ring;
        // The ring's tail shares its 16 bits with the first entry's resv field (struct io_uring_buf_ring).
        _tail = &ring->resv;
        _mask = (uint)count - 1;
        _ringThreadId = Environment.CurrentManagedThreadId;
        Count = count;
        BufferSize = bufferSize;
        GroupId = groupId;
    }

    /// <summary>The buffer group id (<c>sqe.buf_group</c>) receives select from.</summary>
    public ushort GroupId { get; }

    /// <summary>How many buffers the ring holds (a power of two).</summary>
    public int Count { get; }

    /// <summary>The size of every buffer, bytes.</summary>
    public int BufferSize { get; }

    /// <summary>The first <paramref name="length"/> bytes of buffer <paramref name="bufferId"/>, as a completion delivered them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such buffer, or a length beyond its size.</exception>
    public Span<byte> GetBuffer(int bufferId, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)bufferId, (uint)Count, nameof(bufferId));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)BufferSize, nameof(length));
        return new Span<byte>(AddressOf(bufferId), length);
    }

    /// <summary>
    /// Gives buffer <paramref name="bufferId"/> back to the kernel: an entry at the ring's tail, the tail published
    /// with a release store. Ring thread only; each buffer is returned once per completion that delivered it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such buffer.</exception>
    /// <exception cref="InvalidOperationException">Called off the ring thread.</exception>
    public void Return(int bufferId)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)bufferId, (uint)Count, nameof(bufferId));
        if (Environment.CurrentManagedThreadId != _ringThreadId)
        {
            throw new InvalidOperationException("ProvidedBufferRing.Return: the ring's tail has one writer, the Proactor's ring thread; return buffers from a handler.");
        }
        io_uring_buf* entry = _ring + (_localTail & _mask);
        entry->addr = (ulong)AddressOf(bufferId);
        entry->len = (uint)BufferSize;
        entry->bid = (ushort)bufferId;
        _localTail++;
        // Release: the kernel must see the entry before the tail that covers it.
        Volatile.Write(ref *_tail, _localTail);
    }

    internal byte* AddressOf(int bufferId) => _buffers + (nint)bufferId * BufferSize;

    internal void CheckLength(int bufferId, int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)bufferId, (uint)Count, nameof(bufferId));
        if ((uint)offset > (uint)BufferSize || (uint)length > (uint)(BufferSize - offset))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"bytes {offset}..{offset + length} are outside a {BufferSize}-byte provided buffer");
        }
    }

    /// <summary>
    /// Allocates <paramref name="count"/> buffers and the ring, fills the ring with all of them and registers it as
    /// group <paramref name="groupId"/>, on the ring thread (the only one that may return buffers); null when the kernel has no provided buffer rings (<c>EINVAL</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not a power of two up to 32768, or the size is not positive.</exception>
    /// <exception cref="ErrnoException"><c>io_uring_register(IORING_REGISTER_PBUF_RING)</c> failed otherwise.</exception>
    internal static ProvidedBufferRing? TryRegister(int ringDescriptor, int count, int bufferSize, ushort groupId)
    {
        if (count <= 0 || count > 32768 || (count & (count - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "io_uring_register(IORING_REGISTER_PBUF_RING): the buffer count must be a power of two from 1 to 32768");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        // The ring must be page-aligned; the buffers are aligned too, so none straddles more pages than it must.
        io_uring_buf* ring = (io_uring_buf*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(io_uring_buf)), 4096);
        new Span<byte>(ring, count * sizeof(io_uring_buf)).Clear();
        byte* buffers = (byte*)NativeMemory.AlignedAlloc((nuint)count * (nuint)bufferSize, 4096);
        io_uring_buf_reg registration = default;
        registration.ring_addr = (ulong)ring;
        registration.ring_entries = (uint)count;
        registration.bgid = groupId;
        int result = SystemCalls.IoUringRegister(ringDescriptor, Libc.IORING_REGISTER_PBUF_RING, &registration, 1);
        if (result < 0)
        {
            NativeMemory.AlignedFree(buffers);
            NativeMemory.AlignedFree(ring);
            if (result == -Libc.EINVAL)
            {
                return null;
            }
            ErrnoException.Throw("io_uring_register(IORING_REGISTER_PBUF_RING)", -result);
        }
        ProvidedBufferRing provided = new(buffers, ring, count, bufferSize, groupId);
        for (int i = 0; i < count; i++)
        {
            provided.Return(i);
        }
        return provided;
    }

    /// <summary>Frees the memory: only once the ring is closed (which unregisters the group), so no operation can select or still send from a buffer.</summary>
    internal void Free()
    {
        NativeMemory.AlignedFree(_buffers);
        NativeMemory.AlignedFree(_ring);
    }
}
