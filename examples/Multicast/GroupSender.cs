using System;
using System.Net;
using System.Text;
using Kiwi.Net;

namespace Kiwi.Examples.Multicast;

/// <summary>A UDP socket that sends to one multicast group through one interface, hop limit 1.</summary>
public sealed class GroupSender : IDisposable
{
    private readonly LinuxSocket _socket;
    private readonly IPEndPoint _destination;

    private GroupSender(LinuxSocket socket, IPEndPoint destination)
    {
        _socket = socket;
        _destination = destination;
    }

    /// <summary>A sender from 127.0.0.1 to <paramref name="group"/>:<paramref name="port"/> through interface
    /// <paramref name="interfaceIndex"/> (<c>IP_MULTICAST_IF</c>), TTL 1, looped back to this host's members.</summary>
    public static GroupSender Open(IPAddress group, int port, int interfaceIndex)
    {
        LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        try
        {
            // Bound to 127.0.0.1 so that the datagrams carry a loopback source, not the host's primary address.
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Options.SetMulticastInterface(interfaceIndex);
            socket.Options.MulticastTimeToLive = 1;
            socket.Options.MulticastLoopback = true;
            return new GroupSender(socket, new IPEndPoint(group, port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="text"/> as one datagram to the group.</summary>
    public void Send(string text) => _socket.SendTo(Encoding.UTF8.GetBytes(text), _destination);

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
