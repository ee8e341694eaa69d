using Kiwi.Interop;

namespace Kiwi.Net;

// io_uring's three system calls (glibc wraps none) and the mappings of its rings.
internal static unsafe partial class SystemCalls
{
    /// <summary><c>io_uring_setup(2)</c> (<c>kiwi_io_uring_setup</c>): the ring's descriptor or <c>-errno</c>.</summary>
    public static int IoUringSetup(uint entries, io_uring_params* parameters) => KiwiShim.kiwi_io_uring_setup(entries, parameters);

    /// <summary><c>io_uring_enter(2)</c> (<c>kiwi_io_uring_enter</c>, no signal mask): entries consumed or <c>-errno</c>.</summary>
    public static int IoUringEnter(int fd, uint toSubmit, uint minComplete, uint flags) => KiwiShim.kiwi_io_uring_enter(fd, toSubmit, minComplete, flags, null, 0);

    /// <summary><c>io_uring_register(2)</c> (<c>kiwi_io_uring_register</c>): what the opcode returns or <c>-errno</c>.</summary>
    public static int IoUringRegister(int fd, uint opcode, void* argument, uint count) => KiwiShim.kiwi_io_uring_register(fd, opcode, argument, count);

    /// <summary><c>mmap(2)</c> (<c>kiwi_mmap</c>): the address, or null with <paramref name="errno"/> set.</summary>
    public static void* Mmap(nuint length, int protection, int flags, int fd, long offset, out int errno)
    {
        int error;
        void* address = KiwiShim.kiwi_mmap(null, length, protection, flags, fd, (nint)offset, &error);
        errno = error;
        return address;
    }

    /// <summary><c>munmap(2)</c> (<c>kiwi_munmap</c>): 0 or <c>-errno</c>.</summary>
    public static int Munmap(void* address, nuint length) => KiwiShim.kiwi_munmap(address, length);
}
