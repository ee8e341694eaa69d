using System;
using System.Buffers;
using System.Collections.Generic;
using System.Net;

namespace Kiwi.Net.Reactor;

/// <summary>
/// A datagram socket on an <see cref="EventLoop"/>: when it is readable, <c>recvmmsg</c> fills a
/// <see cref="DatagramBatch"/> (up to <see cref="MaxBatchesPerEvent"/> times, so one busy socket cannot starve the
/// loop) and <see cref="Received"/> sees each batch; sends go out at once (<c>sendto</c>, <c>sendmmsg</c>) and what
/// the socket cannot take is queued, sent when it becomes writable, with a high-water mark for back-pressure, as
/// <see cref="TcpConnection"/> does for a stream. Nothing is allocated per datagram unless the send queue is used.
/// Every member but <see cref="Start"/> and <see cref="Dispose"/> runs on the loop's thread.
/// </summary>
public sealed class DatagramEndpoint : IDisposable
{
    /// <summary>Receive calls per readiness event, at most.</summary>
    public const int MaxBatchesPerEvent = 16;

    /// <summary>Default <see cref="HighWaterMark"/>: 4 MiB of queued datagrams.</summary>
    public const int DefaultHighWaterMark = 4 * 1024 * 1024;

    private readonly LinuxSocket _socket;
    private readonly Channel _channel;
    private readonly DatagramBatch _batch;
    private readonly Queue<PendingDatagram> _queue = new();
    private int _queuedBytes;
    private bool _disposed;

    /// <summary>An endpoint on <paramref name="socket"/> (bound, and non-blocking: the loop must never wait in it),
    /// which it owns from now on. Nothing is received until <see cref="Start"/>.</summary>
    /// <param name="loop">The loop that serves it.</param>
    /// <param name="socket">A bound, non-blocking datagram socket; disposed with the endpoint.</param>
    /// <param name="batchSize">Datagrams per <c>recvmmsg</c>.</param>
    /// <param name="datagramSize">Bytes per received datagram (longer ones are truncated and say so in their flags).</param>
    public DatagramEndpoint(EventLoop loop, LinuxSocket socket, int batchSize = 64, int datagramSize = 65536)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(socket);
        if (!socket.IsNonBlocking)
        {
            throw new ArgumentException("DatagramEndpoint needs a non-blocking socket (SocketCreationFlags.NonBlocking).", nameof(socket));
        }
        Loop = loop;
        _socket = socket;
        _batch = new DatagramBatch(batchSize, datagramSize);
        _channel = new Channel(loop, socket.Handle) { ReadHandler = HandleRead, WriteHandler = HandleWrite, Owner = this };
    }

    /// <summary>Creates a non-blocking UDP socket bound to <paramref name="localEndPoint"/> and an endpoint on it.</summary>
    /// <param name="loop">The loop that serves it.</param>
    /// <param name="localEndPoint">An IPv4 or IPv6 address and port (0 picks one).</param>
    /// <param name="batchSize">Datagrams per <c>recvmmsg</c>.</param>
    /// <param name="datagramSize">Bytes per received datagram.</param>
    public static DatagramEndpoint Bind(EventLoop loop, IPEndPoint localEndPoint, int batchSize = 64, int datagramSize = 65536)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        LinuxSocket socket = LinuxSocket.Create(SocketDomains.Of(localEndPoint), SocketKind.Datagram, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        try
        {
            socket.Bind(localEndPoint);
            return new DatagramEndpoint(loop, socket, batchSize, datagramSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The loop that serves the endpoint.</summary>
    public EventLoop Loop { get; }

    /// <summary>The socket (for options; do not read from it or close it yourself).</summary>
    public LinuxSocket Socket => _socket;

    /// <summary>The bound address.</summary>
    public EndPoint? LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>Called with each batch of received datagrams. Set before <see cref="Start"/>.</summary>
    public DatagramCallback? Received { get; set; }

    /// <summary>Called when the send queue has drained.</summary>
    public Action<DatagramEndpoint>? WriteComplete { get; set; }

    /// <summary>Called when the queued bytes cross <see cref="HighWaterMark"/> upwards, with the queued byte count:
    /// the time to stop producing until <see cref="WriteComplete"/>.</summary>
    public Action<DatagramEndpoint, int>? HighWaterMarkReached { get; set; }

    /// <summary>Queued bytes at which <see cref="HighWaterMarkReached"/> fires.</summary>
    public int HighWaterMark { get; set; } = DefaultHighWaterMark;

    /// <summary>Bytes waiting in the send queue.</summary>
    public int QueuedBytes => _queuedBytes;

    /// <summary>Datagrams waiting in the send queue.</summary>
    public int QueuedDatagrams => _queue.Count;

    /// <summary>Starts receiving (registers the socket with the loop for reading). Any thread.</summary>
    public void Start() => Loop.RunInLoop(() =>
    {
        if (!_disposed)
        {
            _channel.EnableReading();
        }
    });

    /// <summary>Sends one datagram (<c>sendto</c>, or <c>send</c> when <paramref name="destination"/> is null on a
    /// connected socket); when the socket is full, or earlier datagrams still wait, it is copied to the queue.</summary>
    /// <param name="datagram">The bytes.</param>
    /// <param name="destination">Where to; null on a connected socket.</param>
    public void Send(ReadOnlySpan<byte> datagram, EndPoint? destination)
    {
        Loop.AssertInLoopThread();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_queue.Count == 0)
        {
            bool sent = destination is null ? _socket.TrySend(datagram, out _) : _socket.TrySendTo(datagram, destination, out _);
            if (sent)
            {
                return;
            }
        }
        Enqueue(datagram, destination);
    }

    /// <summary>Sends slots 0 .. <see cref="DatagramBatch.Count"/> - 1 of <paramref name="batch"/>, each to its address,
    /// with <c>sendmmsg</c>; slots the socket cannot take are copied to the queue. Sending the batch
    /// <see cref="Received"/> was given echoes every datagram to its sender.</summary>
    /// <param name="batch">The datagrams.</param>
    public void Send(DatagramBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Loop.AssertInLoopThread();
        ObjectDisposedException.ThrowIf(_disposed, this);
        int start = 0;
        while (_queue.Count == 0 && start < batch.Count && _socket.TrySendMessages(batch, start, batch.Count - start, out int sent))
        {
            start += sent;
        }
        for (int i = start; i < batch.Count; i++)
        {
            Enqueue(batch.Datagram(i), batch.RemoteEndPointOf(i));
        }
    }

    /// <summary>Stops receiving, drops what is queued and closes the socket, on the loop's thread. Any thread.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        Loop.RunInLoopAndWait(() =>
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _channel.Remove();
            while (_queue.TryDequeue(out PendingDatagram pending))
            {
                ArrayPool<byte>.Shared.Return(pending.Array);
            }
            _queuedBytes = 0;
            _batch.Dispose();
            _socket.Dispose();
        });
    }

    private void HandleRead(long receiveTime)
    {
        for (int round = 0; round < MaxBatchesPerEvent && !_disposed; round++)
        {
            if (!_socket.TryReceiveMessages(_batch, out _))
            {
                return;
            }
            if (Received is DatagramCallback received)
            {
                received(this, _batch, receiveTime);
            }
        }
    }

    private void HandleWrite()
    {
        while (_queue.TryPeek(out PendingDatagram pending))
        {
            ReadOnlySpan<byte> bytes = pending.Array.AsSpan(0, pending.Length);
            bool sent = pending.Destination is null ? _socket.TrySend(bytes, out _) : _socket.TrySendTo(bytes, pending.Destination, out _);
            if (!sent)
            {
                return;
            }
            _queue.Dequeue();
            _queuedBytes -= pending.Length;
            ArrayPool<byte>.Shared.Return(pending.Array);
        }
        _channel.DisableWriting();
        WriteComplete?.Invoke(this);
    }

    private void Enqueue(ReadOnlySpan<byte> datagram, EndPoint? destination)
    {
        byte[] array = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
        datagram.CopyTo(array);
        _queue.Enqueue(new PendingDatagram(array, datagram.Length, destination));
        int before = _queuedBytes;
        _queuedBytes += datagram.Length;
        if (before < HighWaterMark && _queuedBytes >= HighWaterMark)
        {
            HighWaterMarkReached?.Invoke(this, _queuedBytes);
        }
        if (!_channel.IsWriting)
        {
            _channel.EnableWriting();
        }
    }
}
