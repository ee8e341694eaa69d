using System;
using System.Runtime.InteropServices;
using Kiwi.Interop;

namespace Kiwi.Net.Proactor;

/// <summary>
/// One region of an io_uring mapped with <c>mmap(2)</c> (<c>MAP_SHARED | MAP_POPULATE</c>) and unmapped with
/// <c>munmap(2)</c> exactly once, on dispose or by the finalizer, so no error path can leak a mapping.
/// </summary>
internal sealed unsafe class RingMapping : SafeHandle
{
    private nuint _length;

    private RingMapping()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>The first byte of the region.</summary>
    public byte* Address => (byte*)handle;

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Maps <paramref name="length"/> bytes of the ring <paramref name="ringFd"/> at the io_uring offset
    /// <paramref name="offset"/> (<c>IORING_OFF_SQ_RING</c>, <c>IORING_OFF_CQ_RING</c>, <c>IORING_OFF_SQES</c>).</summary>
    /// <exception cref="ErrnoException"><c>mmap</c> failed.</exception>
    public static RingMapping Map(int ringFd, nuint length, long offset)
    {
        // The handle exists before the call, so the mapping has an owner the moment it exists.
        RingMapping mapping = new();
        void* address = SystemCalls.Mmap(length, Libc.PROT_READ | Libc.PROT_WRITE,
            Libc.MAP_SHARED | Libc.MAP_POPULATE, ringFd, offset, out int error);
        if (address == null)
        {
            mapping.Dispose();
            ErrnoException.Throw("mmap", error);
        }
        mapping._length = length;
        mapping.SetHandle((IntPtr)address);
        return mapping;
    }

    /// <summary>Unmaps the region with <c>munmap(2)</c>.</summary>
    protected override bool ReleaseHandle() => SystemCalls.Munmap((void*)handle, _length) == 0;
}
