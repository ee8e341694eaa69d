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
}
