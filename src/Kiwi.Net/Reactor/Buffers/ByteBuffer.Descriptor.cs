using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiwi.Interop;

namespace Kiwi.Net.Reactor;

// Reading straight from a descriptor: one readv into the writable space plus a stack spill buffer.
public sealed partial class ByteBuffer
{
    /// <summary>Size of the stack buffer that catches what does not fit in the writable space.</summary>
    public const int SpillSize = 64 * 1024;

    /// <summary>
    /// Reads what the descriptor has, up to the writable space plus <see cref="SpillSize"/> bytes, with one
    /// <c>readv(2)</c> (through the shim's <c>kiwi_readv</c>): the first vector is the writable space, the second
    /// a 64 KiB stack buffer whose bytes are appended afterwards, so a buffer need not be large in advance.
    /// When the writable space alone is at least <see cref="SpillSize"/>, one plain <c>read(2)</c> (<c>kiwi_read</c>) instead.
    /// </summary>
    /// <param name="descriptor">An open, readable descriptor (usually a non-blocking socket).</param>
    /// <param name="bytesRead">The number of bytes read; 0 at end of stream.</param>
    /// <param name="drained">True when the descriptor has nothing more for now: the read came back short of the
    /// room offered, hit end of stream, or found nothing (<c>EAGAIN</c>). An edge-triggered reader stops there.</param>
    /// <returns>False when the non-blocking descriptor had nothing to read (<c>EAGAIN</c>).</returns>
    /// <exception cref="ErrnoException">The read failed (an errno other than <c>EAGAIN</c>); the call is <c>readv</c>.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed; nothing was read, so no byte is lost.</exception>
    public bool TryReadFrom(SafeHandle descriptor, out int bytesRead, out bool drained)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ObjectDisposedException.ThrowIf(_disposed, this);
        bool added = false;
        try
        {
            descriptor.DangerousAddRef(ref added);
            return SystemCalls.Completed(ReadFromDescriptor((int)descriptor.DangerousGetHandle(), out drained), "readv", out bytesRead);
        }
        finally
        {
            if (added)
            {
                descriptor.DangerousRelease();
            }
        }
    }

    /// <summary>The hot path of <see cref="TryReadFrom"/>: bytes read, 0 at end of stream, or <c>-errno</c>;
    /// <paramref name="drained"/> as there.</summary>
    internal unsafe nint ReadFromDescriptor(int fd, out bool drained)
    {
        int writable = WritableBytes;
        if (writable < SpillSize)
        {
            nint spilled = ReadWithSpill(fd, writable);
            drained = spilled < writable + SpillSize;
            return spilled;
        }
        // Room enough (e.g. the loop's lent array): a plain read, no stack spill to probe, no iovec import in the kernel.
        nint result;
        fixed (byte* space = _array)
        {
            result = SystemCalls.Read(fd, space + _writeIndex, (nuint)writable);
        }
        if (result > 0)
        {
            _writeIndex += (int)result;
        }
        drained = result < writable;
        return result;
    }

    /// <summary>One readv into the writable space and a 64 KiB stack spill whose bytes are appended afterwards.</summary>
    [SkipLocalsInit]
    private unsafe nint ReadWithSpill(int fd, int writable)
    {
        byte* spill = stackalloc byte[SpillSize];
        nint result;
        fixed (byte* space = _array)
        {
            iovec* vectors = stackalloc iovec[2];
            vectors[0].iov_base = space + _writeIndex;
            vectors[0].iov_len = (nuint)writable;
            vectors[1].iov_base = spill;
            vectors[1].iov_len = SpillSize;
            result = SystemCalls.ReadV(fd, vectors, 2);
        }
        if (result <= 0)
        {
            return result;
        }
        if (result <= writable)
        {
            _writeIndex += (int)result;
        }
        else
        {
            _writeIndex = _array.Length;
            Append(new ReadOnlySpan<byte>(spill, (int)(result - writable)));
        }
        return result;
    }
}
