namespace Kiwi.Net.Proactor;

/// <summary>Owns the descriptor <c>io_uring_setup(2)</c> returns; closing it tears the ring down in the kernel.</summary>
public sealed class IoUringHandle : FileDescriptorHandle
{
    /// <summary>An owning handle, filled once <c>io_uring_setup</c> has returned a descriptor.</summary>
    internal IoUringHandle()
    {
    }
}
