using System.Runtime.InteropServices;

namespace Kiwi.Net;

/// <summary>
/// Holds a reference on a <see cref="SafeHandle"/> for the length of one system call, so that another thread's
/// <c>Dispose</c> cannot close the descriptor (and the kernel reuse its number) while the call runs. On a
/// <see cref="FileDescriptorHandle"/> it also counts the call as in flight, which is how
/// <see cref="FileDescriptorHandle"/>'s Dispose knows it must abort calls, and it refuses a handle whose Dispose has
/// begun even while earlier calls still hold it open.
/// Throws <see cref="System.ObjectDisposedException"/> if the handle is closed or being disposed.
/// </summary>
internal readonly ref struct DescriptorLease
{
    private readonly SafeHandle _handle;

    public DescriptorLease(SafeHandle handle)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        if (handle is FileDescriptorHandle descriptor && !descriptor.TryEnterCall())
        {
            handle.DangerousRelease();
            throw new System.ObjectDisposedException(handle.GetType().Name, "The descriptor is being disposed; no new call may start.");
        }
        _handle = handle;
        Descriptor = (int)handle.DangerousGetHandle();
    }

    /// <summary>The descriptor number, valid until <see cref="Dispose"/>.</summary>
    public int Descriptor { get; }

    public void Dispose()
    {
        if (_handle is FileDescriptorHandle descriptor)
        {
            descriptor.ExitCall();
        }
        _handle.DangerousRelease();
    }
}
