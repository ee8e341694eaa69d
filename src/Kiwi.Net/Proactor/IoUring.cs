using System;
using System.IO;
using System.Threading;
using Kiwi.Interop;

namespace Kiwi.Net.Proactor;

/// <summary>
/// One io_uring instance: the descriptor from <c>io_uring_setup(2)</c> and its three shared regions mapped with
/// <c>mmap(2)</c> (submission ring, completion ring, submission entries; the two rings share one mapping when the
/// kernel reports <c>IORING_FEAT_SINGLE_MMAP</c>). The layout comes only from the kernel's
/// <c>io_uring_params.sq_off</c>/<c>cq_off</c> and the generated <c>io_uring_sqe</c>/<c>io_uring_cqe</c>.
/// </summary>
/// <remarks>
/// <para><b>One thread.</b> An instance is used by one thread at a time (the <see cref="Proactor"/>'s ring
/// thread); nothing here locks.</para>
/// <para><b>Memory ordering.</b> The kernel reads the submission tail and writes the completion tail from other
/// CPUs. The tail of the submission ring is published with <c>Volatile.Write</c> (release:
/// the entries are visible before the tail), the kernel's heads and the completion tail are read with
/// <c>Volatile.Read</c> (acquire: the entries are read after the tail), and the completion head
/// is released only after the entries were copied out.</para>
/// </remarks>
public sealed unsafe class IoUring : IDisposable
{
    private readonly IoUringHandle _handle;
    private readonly RingMapping _ringMapping;
    private readonly RingMapping? _completionMapping;
    private readonly RingMapping _entriesMapping;
    private readonly int _fd;

    private readonly uint* _sqHead;
    private readonly uint* _sqTail;
    private readonly uint _sqMask;
    private readonly io_uring_sqe* _sqes;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly uint _cqMask;
    private readonly io_uring_cqe* _cqes;

    // Entries handed out but not yet published to the kernel's tail.
    private uint _sqeTail;
    // What io_uring_enter is given: the descriptor, or its index in the thread's registered rings with the flag that says so.
    private int _enterFd;
    private uint _enterFlags;
    private int _registeringThread;
    private bool[]? _supportedOps;

    /// <summary>Sets up a ring with <c>io_uring_setup(entries, &amp;params)</c> and maps it.</summary>
    /// <param name="entries">Submission queue entries (the kernel rounds up to a power of two).</param>
    /// <param name="setupFlags"><c>IORING_SETUP_*</c> flags.</param>
    /// <param name="completionEntries">Completion queue entries (<c>IORING_SETUP_CQSIZE</c>); 0 lets the kernel
    /// choose twice <paramref name="entries"/>.</param>
    /// <exception cref="IoUringUnavailableException">The kernel refused io_uring (<c>ENOSYS</c>, <c>EPERM</c>).</exception>
    /// <exception cref="ErrnoException"><c>io_uring_setup</c> or <c>mmap</c> failed otherwise (e.g. <c>EINVAL</c>
    /// for a flag this kernel does not know).</exception>
    public IoUring(uint entries, uint setupFlags = 0, uint completionEntries = 0)
    {
        io_uring_params p = default;
        p.flags = setupFlags;
        if (completionEntries != 0)
        {
            p.flags |= Libc.IORING_SETUP_CQSIZE;
            p.cq_entries = completionEntries;
        }
        _handle = new IoUringHandle();
        int fd = SystemCalls.IoUringSetup(entries, &p);
        if (fd < 0)
        {
            _handle.Dispose();
            ThrowSetupFailed(-fd);
        }
        _handle.SetDescriptor(fd);
        _fd = fd;
        _enterFd = fd;
        Features = p.features;
        SetupFlags = p.flags;
        SubmissionEntries = p.sq_entries;
        CompletionEntries = p.cq_entries;

        RingMapping? ring = null, completion = null, sqes = null;
        try
        {
            nuint sqSize = p.sq_off.array + p.sq_entries * sizeof(uint);
            nuint cqSize = p.cq_off.cqes + p.cq_entries * (nuint)sizeof(io_uring_cqe);
            bool single = (p.features & Libc.IORING_FEAT_SINGLE_MMAP) != 0;
            // With SINGLE_MMAP one mapping at IORING_OFF_SQ_RING holds both rings; it must cover the larger.
            ring = RingMapping.Map(fd, single ? Math.Max(sqSize, cqSize) : sqSize, Libc.IORING_OFF_SQ_RING);
            if (!single)
            {
                completion = RingMapping.Map(fd, cqSize, Libc.IORING_OFF_CQ_RING);
            }
            sqes = RingMapping.Map(fd, p.sq_entries * (nuint)sizeof(io_uring_sqe), Libc.IORING_OFF_SQES);
        }
        catch
        {
            sqes?.Dispose();
            completion?.Dispose();
            ring?.Dispose();
            _handle.Dispose();
            throw;
        }
        _ringMapping = ring;
        _completionMapping = completion;
        _entriesMapping = sqes;

        byte* sq = ring.Address;
        byte* cq = (completion ?? ring).Address;
        _sqHead = (uint*)(sq + p.sq_off.head);
        _sqTail = (uint*)(sq + p.sq_off.tail);
        _sqMask = *(uint*)(sq + p.sq_off.ring_mask);
        _sqes = (io_uring_sqe*)sqes.Address;
        _cqHead = (uint*)(cq + p.cq_off.head);
        _cqTail = (uint*)(cq + p.cq_off.tail);
        _cqMask = *(uint*)(cq + p.cq_off.ring_mask);
        _cqes = (io_uring_cqe*)(cq + p.cq_off.cqes);

        // The indirection array maps ring slot i to entry i once and for all, so a submission only moves the tail.
        uint* array = (uint*)(sq + p.sq_off.array);
        for (uint i = 0; i < p.sq_entries; i++)
        {
            array[i] = i;
        }
        _sqeTail = *_sqTail;
    }

    /// <summary>The ring's descriptor handle.</summary>
    public IoUringHandle Handle => _handle;

    /// <summary><c>io_uring_params.features</c>: the <c>IORING_FEAT_*</c> bits the kernel reported.</summary>
    public uint Features { get; }

    /// <summary>The <c>IORING_SETUP_*</c> flags the ring was created with.</summary>
    public uint SetupFlags { get; }

    /// <summary>Submission queue size the kernel chose (<c>io_uring_params.sq_entries</c>).</summary>
    public uint SubmissionEntries { get; }

    /// <summary>Completion queue size the kernel chose (<c>io_uring_params.cq_entries</c>).</summary>
    public uint CompletionEntries { get; }

    /// <summary>Entries taken with <see cref="NextSubmissionEntry"/> and not yet consumed by the kernel.</summary>
    public uint PendingSubmissions => _sqeTail - Volatile.Read(ref *_sqHead);

    /// <summary>Hands out the next free submission entry, zeroed, or null when the submission queue is full
    /// (call <see cref="Submit"/> and try again). The entry reaches the kernel at the next submit.</summary>
    public io_uring_sqe* NextSubmissionEntry()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        // Acquire: the kernel has finished reading every entry before the head it published.
        uint head = Volatile.Read(ref *_sqHead);
        if (_sqeTail - head >= SubmissionEntries)
        {
            return null;
        }
        io_uring_sqe* sqe = &_sqes[_sqeTail & _sqMask];
        *sqe = default;
        _sqeTail++;
        return sqe;
    }

    /// <summary>Publishes the pending entries and hands them to the kernel with
    /// <c>io_uring_enter(fd, n, 0, 0)</c>, without waiting for completions.</summary>
    /// <returns>The number of entries the kernel consumed.</returns>
    /// <exception cref="ErrnoException"><c>io_uring_enter</c> failed (not for <c>EAGAIN</c> or <c>EBUSY</c>, which
    /// return 0: reap completions and retry; a signal never interrupts it, the shim retries <c>EINTR</c>).</exception>
    public int Submit() => Enter(0, 0);

    /// <summary>Publishes the pending entries and waits for at least <paramref name="minComplete"/> completions
    /// with <c>io_uring_enter(fd, n, minComplete, IORING_ENTER_GETEVENTS)</c>; a signal does not end the wait (the shim retries <c>EINTR</c>).</summary>
    /// <param name="minComplete">Completions to wait for; 0 only flushes (and runs deferred task work).</param>
    /// <returns>The number of entries the kernel consumed.</returns>
    /// <exception cref="ErrnoException"><c>io_uring_enter</c> failed (not for <c>EAGAIN</c>, <c>EBUSY</c> or
    /// <c>ETIME</c>, which return 0).</exception>
    public int SubmitAndWait(uint minComplete) => Enter(minComplete, Libc.IORING_ENTER_GETEVENTS);

    /// <summary>Copies ready completions (<c>io_uring_cqe</c>) into <paramref name="into"/> and hands their slots
    /// back to the kernel by moving the completion head.</summary>
    /// <param name="into">Where the completions go; at most its length is taken.</param>
    /// <returns>How many were copied (0 when the completion queue is empty).</returns>
    public int CopyCompletions(Span<io_uring_cqe> into)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        uint head = *_cqHead;
        // Acquire: every entry before the tail is fully written before we read it.
        uint tail = Volatile.Read(ref *_cqTail);
        int count = (int)Math.Min(tail - head, (uint)into.Length);
        for (int i = 0; i < count; i++)
        {
            into[i] = _cqes[(head + (uint)i) & _cqMask];
        }
        if (count > 0)
        {
            // Release: the kernel may reuse the slots only after the copies above.
            Volatile.Write(ref *_cqHead, head + (uint)count);
        }
        return count;
    }

    /// <summary>Whether this kernel implements the operation <paramref name="opcode"/> (an <c>IORING_OP_*</c>),
    /// asked once with <c>io_uring_register(IORING_REGISTER_PROBE)</c>. False for every opcode when the probe itself
    /// is unsupported (kernels before 5.6).</summary>
    /// <param name="opcode">An <c>IORING_OP_*</c> value.</param>
    public bool Supports(int opcode)
    {
        _supportedOps ??= Probe();
        return opcode >= 0 && opcode < _supportedOps.Length && _supportedOps[opcode];
    }

    /// <summary>True once <see cref="RegisterRingDescriptor"/> succeeded.</summary>
    public bool IsRingDescriptorRegistered => _enterFlags != 0;

    /// <summary>
    /// Registers the ring's own descriptor in the calling thread's table of registered rings
    /// (<c>io_uring_register(IORING_REGISTER_RING_FDS)</c>, Linux 5.18), so that every later
    /// <c>io_uring_enter</c> names the ring by that index with <c>IORING_ENTER_REGISTERED_RING</c> and the kernel skips
    /// the file-table lookup and its reference count. The index is valid on the calling thread only: call it on the
    /// one thread that enters the ring. False where the kernel has no such registration (<c>EINVAL</c>).
    /// </summary>
    /// <exception cref="ErrnoException">The registration failed otherwise.</exception>
    public bool RegisterRingDescriptor()
    {
        if (_enterFlags != 0)
        {
            return true;
        }
        io_uring_rsrc_update update = default;
        // offset -1: the kernel picks a free slot and writes it back.
        update.offset = uint.MaxValue;
        update.data = (ulong)_fd;
        int r = SystemCalls.IoUringRegister(_fd, Libc.IORING_REGISTER_RING_FDS, &update, 1);
        if (r == -Libc.EINVAL)
        {
            return false;
        }
        if (r < 0)
        {
            ErrnoException.Throw("io_uring_register(IORING_REGISTER_RING_FDS)", -r);
        }
        _enterFd = (int)update.offset;
        _enterFlags = Libc.IORING_ENTER_REGISTERED_RING;
        _registeringThread = Environment.CurrentManagedThreadId;
        return true;
    }

    /// <summary>Unmaps the three regions (<c>munmap(2)</c>) and closes the ring's descriptor (<c>close(2)</c>),
    /// which makes the kernel cancel whatever is still in flight. A registered ring descriptor is unregistered first
    /// (<c>IORING_UNREGISTER_RING_FDS</c>) when disposed on the registering thread; on another thread the
    /// registration holds the ring until the registering thread exits.</summary>
    public void Dispose()
    {
        if (_enterFlags != 0 && Environment.CurrentManagedThreadId == _registeringThread)
        {
            io_uring_rsrc_update update = default;
            update.offset = (uint)_enterFd;
            SystemCalls.IoUringRegister(_fd, Libc.IORING_UNREGISTER_RING_FDS, &update, 1);
            _enterFlags = 0;
            _enterFd = _fd;
        }
        _entriesMapping.Dispose();
        _completionMapping?.Dispose();
        _ringMapping.Dispose();
        _handle.Dispose();
    }

    private int Enter(uint minComplete, int flags)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        // Release: the entries written by NextSubmissionEntry's callers are visible before the new tail.
        Volatile.Write(ref *_sqTail, _sqeTail);
        uint toSubmit = _sqeTail - Volatile.Read(ref *_sqHead);
        int r = SystemCalls.IoUringEnter(_enterFd, toSubmit, minComplete, (uint)flags | _enterFlags);
        if (r >= 0)
        {
            return r;
        }
        // Completion queue backed up, or a wait that timed out: the caller reaps and comes back.
        if (r == -Libc.EAGAIN || r == -Libc.EBUSY || r == -Libc.ETIME)
        {
            return 0;
        }
        ErrnoException.Throw("io_uring_enter", -r);
        return 0;
    }

    private bool[] Probe()
    {
        const int maxOps = 256;
        int size = sizeof(io_uring_probe) + maxOps * sizeof(io_uring_probe_op);
        byte* buffer = stackalloc byte[size];
        new Span<byte>(buffer, size).Clear();
        using DescriptorLease lease = new(_handle);
        int r = SystemCalls.IoUringRegister(lease.Descriptor, Libc.IORING_REGISTER_PROBE, buffer, maxOps);
        if (r < 0)
        {
            return [];
        }
        io_uring_probe* probe = (io_uring_probe*)buffer;
        // The ops array is the flexible member right after the fixed header.
        io_uring_probe_op* ops = (io_uring_probe_op*)(buffer + sizeof(io_uring_probe));
        bool[] supported = new bool[probe->ops_len];
        for (int i = 0; i < probe->ops_len; i++)
        {
            if ((ops[i].flags & Libc.IO_URING_OP_SUPPORTED) != 0 && ops[i].op < supported.Length)
            {
                supported[ops[i].op] = true;
            }
        }
        return supported;
    }

    private static void ThrowSetupFailed(int errno)
    {
        if (errno == Libc.ENOSYS)
        {
            throw new IoUringUnavailableException(errno, "this kernel has no io_uring (built without CONFIG_IO_URING)");
        }
        if (errno == Libc.EPERM)
        {
            throw new IoUringUnavailableException(errno, DisabledReason());
        }
        ErrnoException.Throw("io_uring_setup", errno);
    }

    private static string DisabledReason()
    {
        const string sysctl = "/proc/sys/kernel/io_uring_disabled";
        try
        {
            string value = File.ReadAllText(sysctl).Trim();
            return value switch
            {
                "2" => $"{sysctl} = 2: io_uring is disabled for every process",
                "1" => $"{sysctl} = 1: only processes in kernel.io_uring_group or with CAP_SYS_ADMIN may create rings",
                _ => $"{sysctl} = {value}: refused by a seccomp filter, a container profile or an LSM",
            };
        }
        catch (IOException)
        {
            return "not permitted (a seccomp filter, a container profile or an LSM)";
        }
        catch (UnauthorizedAccessException)
        {
            return "not permitted (a seccomp filter, a container profile or an LSM)";
        }
    }
}
