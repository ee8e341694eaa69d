using System;
using System.Net;
using System.Text;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Examples.Multicast;

/// <summary>A UDP socket bound to the wildcard address that has joined one multicast group on one interface.</summary>
public sealed class GroupReceiver : IDisposable
{
    private readonly LinuxSocket _socket;
    private readonly IPAddress _group;
    private readonly int _interfaceIndex;
    private readonly byte[] _buffer = new byte[2048];

    private GroupReceiver(LinuxSocket socket, IPAddress group, int interfaceIndex)
    {
        _socket = socket;
        _group = group;
        _interfaceIndex = interfaceIndex;
    }

    /// <summary>The port the receiver is bound to (the kernel's choice when 0 was asked).</summary>
    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Binds <c>0.0.0.0:port</c> (with <c>SO_REUSEADDR</c>, as several receivers of one group may share a
    /// port) and joins <paramref name="group"/> on interface <paramref name="interfaceIndex"/>.</summary>
    public static GroupReceiver Join(IPAddress group, int port, int interfaceIndex)
    {
        LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        try
        {
            socket.Options.ReuseAddress = true;
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.JoinMulticastGroup(group, interfaceIndex);
            return new GroupReceiver(socket, group, interfaceIndex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Receives one datagram, waiting at most <paramref name="timeout"/>.</summary>
    public bool TryReceive(TimeSpan timeout, out string? text, out EndPoint? from)
    {
        text = null;
        from = null;
        if (RawDescriptor.WaitFor(_socket.Handle.DangerousGetDescriptor(), PollEvents.In, (int)timeout.TotalMilliseconds) == PollEvents.None)
        {
            return false;
        }
        int length = _socket.ReceiveFrom(_buffer, out from);
        text = Encoding.UTF8.GetString(_buffer, 0, length);
        return true;
    }

    /// <summary>Leaves the group and closes the socket.</summary>
    public void Dispose()
    {
        _socket.LeaveMulticastGroup(_group, _interfaceIndex);
        _socket.Dispose();
    }
}
