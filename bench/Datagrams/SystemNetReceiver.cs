using System;
using System.Net;
using System.Net.Sockets;

namespace Kiwi.Bench.Datagrams;

/// <summary>System.Net.Sockets on a non-blocking socket: the classic <c>ReceiveFrom(byte[], ref EndPoint)</c>, or the
/// .NET 8 <c>ReceiveFrom(Span, SocketFlags, SocketAddress)</c> that reuses one address. EAGAIN is a
/// <see cref="SocketException"/> there, caught once per empty queue.</summary>
public sealed class SystemNetReceiver : DatagramReceiver
{
    private readonly Socket _socket;
    private readonly bool _socketAddress;
    private readonly byte[] _buffer;
    private readonly SocketAddress _address = new(AddressFamily.InterNetwork);
    private EndPoint _any = new IPEndPoint(IPAddress.Any, 0);

    public SystemNetReceiver(int size, bool socketAddress)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        try
        {
            _socket.SetRawSocketOption(Kiwi.Interop.Libc.SOL_SOCKET, Kiwi.Interop.Libc.SO_RCVBUFFORCE, BitConverter.GetBytes(ReceiveBufferBytes));
        }
        catch (SocketException)
        {
            _socket.ReceiveBufferSize = ReceiveBufferBytes;
        }
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socketAddress = socketAddress;
        _buffer = new byte[size];
        Description = socketAddress
            ? "System.Net.Sockets `ReceiveFrom(Span, flags, SocketAddress)`"
            : "System.Net.Sockets `ReceiveFrom(byte[], ref EndPoint)`";
    }

    public override int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public override int Descriptor => (int)_socket.Handle;

    public override string Description { get; }

    public override bool TryReceive(out int datagrams)
    {
        try
        {
            if (_socketAddress)
            {
                _socket.ReceiveFrom(_buffer.AsSpan(), SocketFlags.None, _address);
            }
            else
            {
                _socket.ReceiveFrom(_buffer, ref _any);
            }
            datagrams = 1;
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
        {
            datagrams = 0;
            return false;
        }
    }

    public override void Dispose() => _socket.Dispose();
}
