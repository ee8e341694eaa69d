using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>Owns a socket descriptor (closed with <c>close(2)</c>); <see cref="LinuxSocket"/> holds one.</summary>
public sealed class SocketHandle : FileDescriptorHandle
{
    /// <summary>Wraps an existing socket descriptor, e.g. one received with <c>SCM_RIGHTS</c> or from
    /// <see cref="RawDescriptor.Accept"/>.</summary>
    /// <param name="descriptor">The descriptor number.</param>
    /// <param name="ownsHandle">True to close it when this handle is disposed.</param>
    public SocketHandle(int descriptor, bool ownsHandle = true)
        : base(descriptor, ownsHandle)
    {
    }

    /// <summary>An owning handle to be filled by <see cref="FileDescriptorHandle.SetDescriptor"/>.</summary>
    internal SocketHandle()
    {
    }

    /// <summary>A socket's shutdown wakes its waits in <c>poll</c> (<c>POLLHUP</c>): no abort eventfd per socket.</summary>
    private protected override bool WakesWaitsByShutdown => true;

    /// <summary>Shuts the socket down (<c>shutdown(SHUT_RDWR)</c>): a call blocked in the kernel (<c>accept</c>,
    /// <c>recv</c>, <c>send</c>, <c>connect</c>) or in <c>poll</c> returns at once. A duplicate of this descriptor
    /// (<c>dup</c>, <c>SCM_RIGHTS</c>) shares the shut-down socket.</summary>
    private protected override void AbortCalls(int descriptor)
    {
        SystemCalls.Shutdown(descriptor, Libc.SHUT_RDWR);
        base.AbortCalls(descriptor);
    }
}
