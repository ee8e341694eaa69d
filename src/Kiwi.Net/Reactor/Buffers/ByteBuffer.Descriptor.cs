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
    /// <c>readv</c> (through the shim's <c>kiwi_readv</c>): the first vector is the writable space, the second
    /// a 64 KiB stack buffer whose bytes are appended afterwards, so a buffer need not be large in advance.
    /// When the writable space alone is at least <see cref="SpillSize"/>, one plain <c>read</c> (<c>kiwi_read</c>) instead.
    /// </summary>
    /// <param name="descriptor">An open, readable descriptor (usually a non-blocking socket).</param>
    /// <returns>The number of bytes read; 0 at end of stream; -1 if the non-blocking descriptor has nothing (EAGAIN).</returns>
    /// <exception cref="ErrnoException"><c>readv</c> failed (errno other than EAGAIN/EINTR).</exception>
    public long ReadFrom(SafeHandle descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        bool added = false;
        try
        {
            descriptor.DangerousAddRef(ref added);
            nint result = ReadFromDescriptor((int)descriptor.DangerousGetHandle());
            if (result >= 0)
            {
                return result;
            }
            if (result == -Libc.EAGAIN)
            {
                return -1;
            }
            throw new ErrnoException("readv", (int)-result);
        }
        finally
        {
            if (added)
            {
                descriptor.DangerousRelease();
            }
        }
    }

    /// <summary>The hot path of <see cref="ReadFrom"/>: bytes read, 0 at end of stream, or -errno (EINTR retried).</summary>
    internal unsafe nint ReadFromDescriptor(int fd)
    {
        int writable = WritableBytes;
        if (writable < SpillSize)
        {
            return ReadWithSpill(fd, writable);
        }
        // Room enough (e.g. the loop's lent array): a plain read, no stack spill to probe, no iovec import in the kernel.
        nint result;
        fixed (byte* space = _array)
        {
            do
            {
                result = KiwiShim.kiwi_read(fd, space + _writeIndex, (nuint)writable);
            }
            while (result == -Libc.EINTR);
        }
        if (result > 0)
        {
            _writeIndex += (int)result;
        }
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
            do
            {
                result = KiwiShim.kiwi_readv(fd, vectors, 2);
            }
            while (result == -Libc.EINTR);
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
