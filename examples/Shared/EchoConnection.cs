using System;
using Kiwi.Net;

namespace Kiwi.Examples;

/// <summary>What one step of an <see cref="EchoConnection"/> did.</summary>
internal enum EchoProgress
{
    /// <summary>The socket had nothing to read, or no room to write (<c>EAGAIN</c>).</summary>
    WouldBlock,

    /// <summary>Bytes moved (for a flush: everything pending went out).</summary>
    Moved,

    /// <summary>The peer shut down its sending side; what is pending is still owed.</summary>
    EndOfStream,

    /// <summary>The connection broke (<c>ECONNRESET</c>, <c>EPIPE</c>, ...); close it.</summary>
    Failed,
}

/// <summary>
/// One client of a non-blocking echo server: its socket and the echoed bytes the socket could not take yet. Every
/// multiplexed example drives it the same way: <see cref="Receive"/> when readable, <see cref="Flush"/> when
/// writable, and watch for writability only while <see cref="WantsOutput"/>.
/// </summary>
/// <remarks>The server's loop thread owns the connection and is the only one to close it, which is the contract of
/// <see cref="RawDescriptor"/>: the calls go straight to the descriptor, without a reference count per call.</remarks>
internal sealed class EchoConnection : IDisposable
{
    /// <summary>Above this many pending bytes the connection stops reading, so a client that sends without reading
    /// cannot make the server buffer without bound (TCP's flow control then slows the client down).</summary>
    public const int HighWaterMark = 1 << 20;

    private readonly OutputQueue _pending = new();

    private EchoConnection(LinuxSocket socket)
    {
        Socket = socket;
        Descriptor = socket.Handle.DangerousGetDescriptor();
    }

    /// <summary>The connected socket (non-blocking).</summary>
    public LinuxSocket Socket { get; }

    /// <summary>The socket's descriptor number, read once.</summary>
    public int Descriptor { get; }

    /// <summary>The peer has shut down its sending side.</summary>
    public bool InputClosed { get; private set; }

    /// <summary>The connection broke.</summary>
    public bool Failed { get; private set; }

    /// <summary>Whether to watch for readability: input is open and the pending output is below the mark.</summary>
    public bool WantsInput => !InputClosed && !Failed && _pending.Count < HighWaterMark;

    /// <summary>Whether to watch for writability: echoed bytes are waiting.</summary>
    public bool WantsOutput => !Failed && _pending.Count > 0;

    /// <summary>Nothing more to do: broken, or the peer finished and got every byte back.</summary>
    public bool IsDone => Failed || (InputClosed && _pending.Count == 0);

    /// <summary>Accepts one pending connection (<c>accept4</c>, non-blocking, close-on-exec) with Nagle off.</summary>
    /// <param name="listener">A non-blocking listening socket owned by the caller's thread.</param>
    /// <returns>The connection, or null when none is pending (<c>EAGAIN</c>) or accept failed (reported on
    /// stderr, e.g. <c>EMFILE</c>; the caller stops accepting for this round).</returns>
    public static EchoConnection? Accept(LinuxSocket listener)
    {
        int fd = RawDescriptor.Accept(listener.Handle.DangerousGetDescriptor(),
            SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        if (fd < 0)
        {
            if (!RawDescriptor.IsWouldBlock(fd))
            {
                Console.Error.WriteLine($"accept4: {ErrnoException.NameOf(-fd)}");
            }
            return null;
        }
        LinuxSocket socket = new(new SocketHandle(fd));
        try
        {
            // An echo answers each fragment at once rather than wait for the previous one's acknowledgement.
            socket.Options.NoDelay = true;
        }
        catch (ErrnoException)
        {
            socket.Dispose();
            return null;
        }
        return new EchoConnection(socket);
    }

    /// <summary>One <c>recv</c> into <paramref name="scratch"/>; what arrived is sent straight back, and what the
    /// socket cannot take is queued behind what was already waiting (bytes never overtake each other).</summary>
    /// <param name="scratch">The server's reused receive buffer.</param>
    public EchoProgress Receive(Span<byte> scratch)
    {
        nint n = RawDescriptor.Receive(Descriptor, scratch);
        if (n > 0)
        {
            Echo(scratch[..(int)n]);
            return Failed ? EchoProgress.Failed : EchoProgress.Moved;
        }
        if (n == 0)
        {
            InputClosed = true;
            return EchoProgress.EndOfStream;
        }
        if (RawDescriptor.IsWouldBlock(n))
        {
            return EchoProgress.WouldBlock;
        }
        Failed = true;
        return EchoProgress.Failed;
    }

    /// <summary>Sends pending bytes until none are left or the socket is full.</summary>
    /// <returns><see cref="EchoProgress.Moved"/> when everything went out, <see cref="EchoProgress.WouldBlock"/>
    /// when some is still waiting, <see cref="EchoProgress.Failed"/> when the connection broke.</returns>
    public EchoProgress Flush()
    {
        while (_pending.Count > 0)
        {
            nint sent = RawDescriptor.Send(Descriptor, _pending.Pending, MessageFlags.NoSignal);
            if (sent > 0)
            {
                _pending.Consume((int)sent);
            }
            else if (sent == 0 || RawDescriptor.IsWouldBlock(sent))
            {
                return EchoProgress.WouldBlock;
            }
            else
            {
                Failed = true;
                return EchoProgress.Failed;
            }
        }
        return EchoProgress.Moved;
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => Socket.Dispose();

    private void Echo(ReadOnlySpan<byte> data)
    {
        if (_pending.Count == 0)
        {
            // Nothing queued: try the socket first, the common case costs no copy.
            nint sent = RawDescriptor.Send(Descriptor, data, MessageFlags.NoSignal);
            if (sent >= 0)
            {
                data = data[(int)sent..];
            }
            else if (!RawDescriptor.IsWouldBlock(sent))
            {
                Failed = true;
                return;
            }
        }
        _pending.Append(data);
    }
}
