using System;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kiwi.Interop;

namespace Kiwi.Net;

/// <summary>
/// A reusable set of datagram slots for <see cref="LinuxSocket.ReceiveMessages"/> (<c>recvmmsg(2)</c>) and
/// <see cref="LinuxSocket.SendMessages"/> (<c>sendmmsg(2)</c>): each slot has a payload buffer of
/// <see cref="DatagramSize"/> bytes, a peer address and, if asked, room for ancillary data. The headers live in native
/// memory and the payload is pinned, so a receive or send allocates nothing per datagram.
/// </summary>
/// <remarks>
/// After a receive, slot <c>i</c> holds <see cref="LengthOf"/> bytes from <see cref="RemoteEndPointOf"/>; sending the
/// same batch sends each slot's bytes back to that address (an echo needs no copy). To send new data, fill
/// <see cref="Buffer"/>, call <see cref="SetLength"/> and <see cref="SetRemoteEndPoint"/> (or leave the address
/// unset on a connected socket), and set <see cref="Count"/>. One thread at a time.
/// </remarks>
public sealed unsafe class DatagramBatch : IDisposable
{
    private readonly byte[]? _ownedPayload;
    private System.Buffers.MemoryHandle _callerPin;
    private readonly byte* _payload;
    private mmsghdr* _messages;
    private iovec* _vectors;
    private sockaddr_storage* _addresses;
    private byte* _control;
    private int _count;

    /// <summary>A batch with its own pinned payload memory of <paramref name="capacity"/> × <paramref name="datagramSize"/> bytes.</summary>
    /// <param name="capacity">Slots: the most datagrams one call moves (at most 1024, <c>UIO_MAXIOV</c>).</param>
    /// <param name="datagramSize">Bytes per slot (65507 holds any IPv4 UDP datagram; with <c>UDP_GRO</c> up to 65535).</param>
    /// <param name="receiveControl">Reserve per-slot room for ancillary data (timestamps, packet info, GRO sizes).</param>
    public DatagramBatch(int capacity, int datagramSize, bool receiveControl = false)
        : this(capacity, datagramSize, receiveControl, null)
    {
    }

    /// <summary>A batch over caller-owned memory, pinned until <see cref="Dispose"/>; slot <c>i</c> is bytes
    /// [i × <paramref name="datagramSize"/>, (i + 1) × <paramref name="datagramSize"/>) of it.</summary>
    /// <param name="buffer">The payload memory; its length / <paramref name="datagramSize"/> slots are used.</param>
    /// <param name="datagramSize">Bytes per slot.</param>
    /// <param name="receiveControl">Reserve per-slot room for ancillary data.</param>
    public DatagramBatch(Memory<byte> buffer, int datagramSize, bool receiveControl = false)
        : this(datagramSize > 0 ? buffer.Length / datagramSize : 0, datagramSize, receiveControl, buffer)
    {
    }

    private DatagramBatch(int capacity, int datagramSize, bool receiveControl, Memory<byte>? callerBuffer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(datagramSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        Capacity = capacity;
        DatagramSize = datagramSize;
        ControlSize = receiveControl ? ControlMessages.TypedSpace : 0;
        if (callerBuffer is Memory<byte> memory)
        {
            _callerPin = memory.Pin();
            _payload = (byte*)_callerPin.Pointer;
        }
        else
        {
            _ownedPayload = GC.AllocateUninitializedArray<byte>(checked(capacity * datagramSize), pinned: true);
            _payload = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_ownedPayload));
        }
        _messages = (mmsghdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(mmsghdr));
        _vectors = (iovec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(iovec));
        _addresses = (sockaddr_storage*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(sockaddr_storage));
        _control = ControlSize == 0 ? null : (byte*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)ControlSize);
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i] = new iovec { iov_base = _payload + (nint)i * datagramSize, iov_len = (nuint)datagramSize };
            _messages[i].msg_hdr.msg_iov = &_vectors[i];
            _messages[i].msg_hdr.msg_iovlen = 1;
            _messages[i].msg_hdr.msg_name = &_addresses[i];
        }
    }

    /// <summary>The most slots a batch has: <c>UIO_MAXIOV</c>, the kernel's limit for one <c>recvmmsg</c>/<c>sendmmsg</c>.</summary>
    public const int MaxCapacity = 1024;

    /// <summary>The number of slots.</summary>
    public int Capacity { get; }

    /// <summary>Bytes of payload per slot.</summary>
    public int DatagramSize { get; }

    /// <summary>Bytes of ancillary-data room per slot (0 unless made with <c>receiveControl</c>).</summary>
    public int ControlSize { get; }

    /// <summary>The slots in use: set by a receive to the datagrams received; what a send sends from slot 0.</summary>
    public int Count
    {
        get => _count;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Capacity);
            _count = value;
        }
    }

    /// <summary>The whole payload buffer of slot <paramref name="index"/> (<see cref="DatagramSize"/> bytes), to fill before a send.</summary>
    /// <param name="index">The slot.</param>
    public Span<byte> Buffer(int index) => new(_payload + (nint)Check(index) * DatagramSize, DatagramSize);

    /// <summary>The datagram in slot <paramref name="index"/>: its first <see cref="LengthOf"/> bytes.</summary>
    /// <param name="index">The slot.</param>
    public Span<byte> Datagram(int index) => new(_payload + (nint)Check(index) * DatagramSize, (int)_vectors[index].iov_len);

    /// <summary>Bytes in slot <paramref name="index"/>: received, or set by <see cref="SetLength"/> for a send.</summary>
    /// <param name="index">The slot.</param>
    public int LengthOf(int index) => (int)_vectors[Check(index)].iov_len;

    /// <summary>Sets how many bytes of slot <paramref name="index"/> a send sends.</summary>
    /// <param name="index">The slot.</param>
    /// <param name="length">0 to <see cref="DatagramSize"/>.</param>
    public void SetLength(int index, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, DatagramSize);
        _vectors[Check(index)].iov_len = (nuint)length;
    }

    /// <summary>The <c>msg_flags</c> the kernel returned for slot <paramref name="index"/> (e.g.
    /// <see cref="MessageFlags.Truncated"/> when the datagram was longer than the slot).</summary>
    /// <param name="index">The slot.</param>
    public MessageFlags FlagsOf(int index) => (MessageFlags)_messages[Check(index)].msg_hdr.msg_flags & ~MessageFlags.ControlCloseOnExec;

    /// <summary>The sender of the datagram in slot <paramref name="index"/> (allocates an endpoint; an echo does not
    /// need it, the address stays in the slot for the reply).</summary>
    /// <param name="index">The slot.</param>
    public EndPoint? RemoteEndPointOf(int index) => SocketAddressCodec.Decode(&_addresses[Check(index)], _messages[index].msg_hdr.msg_namelen);

    /// <summary>Sets where a send sends slot <paramref name="index"/>.</summary>
    /// <param name="index">The slot.</param>
    /// <param name="endPoint">The destination.</param>
    public void SetRemoteEndPoint(int index, EndPoint endPoint) =>
        _messages[Check(index)].msg_hdr.msg_namelen = SocketAddressCodec.Encode(endPoint, &_addresses[index]);

    /// <summary>Sends slot <paramref name="index"/> with no address (a connected socket's peer).</summary>
    /// <param name="index">The slot.</param>
    public void ClearRemoteEndPoint(int index) => _messages[Check(index)].msg_hdr.msg_namelen = 0;

    /// <summary>Copies slot <paramref name="source"/>'s address to slot <paramref name="destination"/>, without allocating.</summary>
    /// <param name="source">The slot whose address is copied.</param>
    /// <param name="destination">The slot that gets it.</param>
    public void CopyRemoteEndPoint(int source, int destination)
    {
        _addresses[Check(destination)] = _addresses[Check(source)];
        _messages[destination].msg_hdr.msg_namelen = _messages[source].msg_hdr.msg_namelen;
    }

    /// <summary>The kernel's receive time of slot <paramref name="index"/> (<c>SCM_TIMESTAMPNS</c>), when the batch
    /// has control room and <see cref="SocketOptions.ReceiveTimestamps"/> is on. Allocates nothing.</summary>
    /// <param name="index">The slot.</param>
    /// <param name="timestamp">The time.</param>
    public bool TryGetTimestamp(int index, out SocketTimestamp timestamp)
    {
        if (ControlMessages.TryFind(&_messages[Check(index)].msg_hdr, Libc.SOL_SOCKET, Libc.SCM_TIMESTAMPNS, out byte* data, out int length)
            && length >= sizeof(timespec))
        {
            timestamp = new SocketTimestamp(((timespec*)data)->tv_sec, ((timespec*)data)->tv_nsec);
            return true;
        }
        timestamp = default;
        return false;
    }

    /// <summary>The size of each datagram the kernel coalesced into slot <paramref name="index"/> (<c>UDP_GRO</c>), or 0
    /// when it holds one datagram. Needs control room and <see cref="SocketOptions.UdpGroReceive"/>.</summary>
    /// <param name="index">The slot.</param>
    public int SegmentSizeOf(int index) =>
        ControlMessages.TryFind(&_messages[Check(index)].msg_hdr, Libc.SOL_UDP, Libc.UDP_GRO, out byte* data, out int length) && length >= sizeof(int)
            ? *(int*)data
            : 0;

    /// <summary>Frees the native headers and unpins the payload.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the native headers if <see cref="Dispose"/> was not called.</summary>
    ~DatagramBatch() => Free();

    /// <summary>Readies every slot for <c>recvmmsg</c>: full-size buffer, room for any address and the control data.</summary>
    internal Span<mmsghdr> PrepareReceive()
    {
        ThrowIfDisposed();
        for (int i = 0; i < Capacity; i++)
        {
            ResetForReceive(i);
        }
        return new Span<mmsghdr>(_messages, Capacity);
    }

    /// <summary>Records a receive of <paramref name="received"/> datagrams: each slot's length becomes what it got.</summary>
    internal void CompleteReceive(int received)
    {
        for (int i = 0; i < received; i++)
        {
            _vectors[i].iov_len = _messages[i].msg_len;
        }
        _count = received;
    }

    /// <summary>Readies slot <paramref name="index"/> alone for one <c>recvmsg</c> (the Proactor's): its header.</summary>
    internal msghdr* PrepareReceive(int index)
    {
        ResetForReceive(Check(index));
        return &_messages[index].msg_hdr;
    }

    /// <summary>Full-size buffer, room for any address and the control data, no flags: what a receive may fill.</summary>
    private void ResetForReceive(int index)
    {
        _vectors[index].iov_len = (nuint)DatagramSize;
        ref msghdr header = ref _messages[index].msg_hdr;
        header.msg_namelen = (uint)sizeof(sockaddr_storage);
        header.msg_control = _control == null ? null : _control + (nint)index * ControlSize;
        header.msg_controllen = (nuint)ControlSize;
        header.msg_flags = 0;
        _messages[index].msg_len = 0;
    }

    /// <summary>Records a <c>recvmsg</c> of <paramref name="length"/> bytes into slot <paramref name="index"/>.</summary>
    internal void CompleteReceive(int index, int length) => _vectors[index].iov_len = (nuint)length;

    /// <summary>Readies slot <paramref name="index"/> alone for one <c>sendmsg</c> (the Proactor's): its header.</summary>
    internal msghdr* PrepareSend(int index)
    {
        PrepareSend(index, 1);
        return &_messages[index].msg_hdr;
    }

    /// <summary>Readies slots [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) for
    /// <c>sendmmsg</c>: no control data (what a receive left there is not for sending).</summary>
    internal Span<mmsghdr> PrepareSend(int start, int count)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Capacity, nameof(count));
        for (int i = start; i < start + count; i++)
        {
            _messages[i].msg_hdr.msg_control = null;
            _messages[i].msg_hdr.msg_controllen = 0;
        }
        return new Span<mmsghdr>(_messages + start, count);
    }

    private int Check(int index)
    {
        ThrowIfDisposed();
        if ((uint)index >= (uint)Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The batch has {Capacity} slots.");
        }
        return index;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_messages == null, this);

    private void Free()
    {
        if (_messages == null)
        {
            return;
        }
        NativeMemory.Free(_messages);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_control);
        _messages = null;
        _vectors = null;
        _addresses = null;
        _control = null;
        _callerPin.Dispose();
    }
}
