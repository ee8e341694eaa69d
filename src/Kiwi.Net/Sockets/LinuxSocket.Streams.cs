using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net;

// Byte transfers on a connected socket: send/recv and the vectored readv/writev.
public sealed partial class LinuxSocket
{
    /// <summary><c>send(2)</c>, waiting (with <c>poll</c>) while a non-blocking socket is full.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags, e.g. <see cref="MessageFlags.OutOfBand"/>.</param>
    /// <returns>Bytes sent (a stream socket may take fewer than offered; see <see cref="SendAll"/>).</returns>
    public int Send(ReadOnlySpan<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        while (true)
        {
            if (TrySend(buffer, out int sent, flags))
            {
                return sent;
            }
            WaitFor(PollEvents.Out);
        }
    }

    /// <summary>Sends every byte of <paramref name="buffer"/>, calling <c>send(2)</c> until done.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    public void SendAll(ReadOnlySpan<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Send(buffer, flags)..];
        }
    }

    /// <summary><c>send(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffer">The bytes to send.</param>
    /// <param name="sent">Bytes sent.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket cannot take bytes now (<c>EAGAIN</c>).</returns>
    public bool TrySend(ReadOnlySpan<byte> buffer, out int sent, MessageFlags flags = MessageFlags.None)
    {
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.Send(lease.Descriptor, buffer, flags), "send", out sent);
    }

    /// <summary><c>recv(2)</c>, waiting (with <c>poll</c>) while a non-blocking socket is empty.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="flags"><c>MSG_*</c> flags, e.g. <see cref="MessageFlags.OutOfBand"/> or <see cref="MessageFlags.Peek"/>.</param>
    /// <returns>Bytes received; 0 when the peer has shut down its sending side.</returns>
    public int Receive(Span<byte> buffer, MessageFlags flags = MessageFlags.None)
    {
        while (true)
        {
            if (TryReceive(buffer, out int received, flags))
            {
                return received;
            }
            WaitFor((flags & MessageFlags.OutOfBand) != 0 ? PollEvents.Priority : PollEvents.In);
        }
    }

    /// <summary><c>recv(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="received">Bytes received; 0 when the peer has shut down its sending side.</param>
    /// <param name="flags"><c>MSG_*</c> flags.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public bool TryReceive(Span<byte> buffer, out int received, MessageFlags flags = MessageFlags.None)
    {
        ReceiveBuffer.ThrowIfEmpty(buffer.Length, "recv", nameof(buffer), flags);
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.Receive(lease.Descriptor, buffer, flags), "recv", out received);
    }

    /// <summary><c>readv(2)</c>: fills the buffers in order, waiting while a non-blocking socket is empty.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <returns>Bytes read across all buffers; 0 at end of stream.</returns>
    public int ReadVector(ReadOnlySpan<Memory<byte>> buffers)
    {
        while (true)
        {
            if (TryReadVector(buffers, out int read))
            {
                return read;
            }
            WaitFor(PollEvents.In);
        }
    }

    /// <summary><c>readv(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <param name="bytesRead">Bytes read across all buffers; 0 at end of stream.</param>
    /// <returns>False when a non-blocking socket has nothing to read (<c>EAGAIN</c>).</returns>
    public unsafe bool TryReadVector(ReadOnlySpan<Memory<byte>> buffers, out int bytesRead)
    {
        PinnedVectors.ThrowIfTooMany(buffers.Length);
        long total = 0;
        foreach (Memory<byte> buffer in buffers)
        {
            total += buffer.Length;
        }
        ReceiveBuffer.ThrowIfEmpty(total, "readv", nameof(buffers));
        // Memory<T> and ReadOnlyMemory<T> have one layout; the pinning code is shared.
        ReadOnlySpan<ReadOnlyMemory<byte>> readOnly = MemoryMarshal.CreateReadOnlySpan(
            ref Unsafe.As<Memory<byte>, ReadOnlyMemory<byte>>(ref MemoryMarshal.GetReference(buffers)), buffers.Length);
        Span<iovec> vectors = stackalloc iovec[Math.Min(readOnly.Length, PinnedVectors.MaxCount)];
        using PinnedVectors pins = new(readOnly, vectors);
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.ReadVector(lease.Descriptor, vectors), "readv", out bytesRead);
    }

    /// <summary><c>writev(2)</c>: sends the buffers in order as one write, waiting while a non-blocking socket is full.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <returns>Bytes written across all buffers (a stream socket may take fewer than offered).</returns>
    public int WriteVector(ReadOnlySpan<ReadOnlyMemory<byte>> buffers)
    {
        while (true)
        {
            if (TryWriteVector(buffers, out int written))
            {
                return written;
            }
            WaitFor(PollEvents.Out);
        }
    }

    /// <summary><c>writev(2)</c> that never waits on a non-blocking socket.</summary>
    /// <param name="buffers">Up to 1024 buffers (IOV_MAX), pinned for the call.</param>
    /// <param name="bytesWritten">Bytes written across all buffers.</param>
    /// <returns>False when a non-blocking socket cannot take bytes now (<c>EAGAIN</c>).</returns>
    public unsafe bool TryWriteVector(ReadOnlySpan<ReadOnlyMemory<byte>> buffers, out int bytesWritten)
    {
        Span<iovec> vectors = stackalloc iovec[Math.Min(buffers.Length, PinnedVectors.MaxCount)];
        using PinnedVectors pins = new(buffers, vectors);
        using DescriptorLease lease = new(Handle);
        return SystemCalls.Completed(RawDescriptor.WriteVector(lease.Descriptor, vectors), "writev", out bytesWritten);
    }
}
