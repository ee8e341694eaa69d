using System.Runtime.InteropServices;

namespace Kiwi.Net;

/// <summary>
/// Holds a reference on a <see cref="SafeHandle"/> for the length of one system call, so that another thread's
/// <c>Dispose</c> cannot close the descriptor (and the kernel reuse its number) while the call runs.
/// Throws <see cref="System.ObjectDisposedException"/> if the handle is already closed.
/// </summary>
internal readonly ref struct DescriptorLease
{
    private readonly SafeHandle _handle;

    public DescriptorLease(SafeHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        _handle = handle;
        Descriptor = (int)handle.DangerousGetHandle();
    }

    /// <summary>The descriptor number, valid until <see cref="Dispose"/>.</summary>
    public int Descriptor { get; }

    public void Dispose() => _handle.DangerousRelease();
}
