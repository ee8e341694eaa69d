using System.Net;
using Kiwi.Interop;
using Kiwi.Net;

namespace Kiwi.Bench.Datagrams;

/// <summary>Kiwi.Net: <see cref="LinuxSocket.TryReceiveMessages"/> (recvmmsg into a <see cref="DatagramBatch"/>)
/// or, with no batch, <see cref="LinuxSocket.TryReceiveFrom"/> (one recvfrom per datagram, sender decoded).</summary>
public sealed class KiwiReceiver : DatagramReceiver
{
    private readonly LinuxSocket _socket;
    private readonly DatagramBatch? _batch;
    private readonly byte[] _buffer;

    public KiwiReceiver(int size, int batch)
    {
        _socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        try
        {
            _socket.Options.SetInt32(Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, ReceiveBufferBytes);
        }
        catch (ErrnoException e) when (e.Errno == Libc.EPERM)
        {
            _socket.Options.ReceiveBufferSize = ReceiveBufferBytes;
        }
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _batch = batch > 0 ? new DatagramBatch(batch, size) : null;
        _buffer = new byte[size];
        Description = batch > 0 ? $"Kiwi `TryReceiveMessages` (recvmmsg, batch {batch})" : "Kiwi `TryReceiveFrom` (one recvfrom per datagram)";
    }

    public override int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public override int Descriptor => _socket.Handle.DangerousGetDescriptor();

    public override string Description { get; }

    public override bool TryReceive(out int datagrams)
    {
        if (_batch is not null)
        {
            return _socket.TryReceiveMessages(_batch, out datagrams);
        }
        bool got = _socket.TryReceiveFrom(_buffer, out _, out EndPoint? _);
        datagrams = got ? 1 : 0;
        return got;
    }

    public override void Dispose()
    {
        _batch?.Dispose();
        _socket.Dispose();
    }
}
