using System;
using System.Collections.Generic;
using Kiwi.Net.Reactor;

namespace Kiwi.Examples.Chat;

/// <summary>
/// The chat server's state: every connected client, and the rule that a message from one goes to all (the
/// sender included, which tells it the message went round). Connections may live on several loops, so the set is
/// locked; <see cref="TcpConnection.Send(ReadOnlySpan{byte})"/> is safe from any thread.
/// </summary>
public sealed class ChatRoom
{
    [ThreadStatic]
    private static ByteBuffer? t_frame;

    private readonly HashSet<TcpConnection> _members = new();
    private readonly LengthHeaderCodec _codec;

    /// <summary>Creates an empty room.</summary>
    public ChatRoom()
    {
        _codec = new LengthHeaderCodec(Broadcast);
    }

    /// <summary>Sets <paramref name="server"/>'s callbacks to this room's.</summary>
    public void Attach(TcpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.Callbacks.Connection = OnConnection;
        server.Callbacks.Message = _codec.OnMessage;
    }

    private void OnConnection(TcpConnection connection)
    {
        int count;
        lock (_members)
        {
            if (connection.IsConnected)
            {
                _members.Add(connection);
            }
            else
            {
                _members.Remove(connection);
            }
            count = _members.Count;
        }
        Console.WriteLine($"connection {(connection.IsConnected ? "up" : "down")} {connection.PeerEndPoint} ({count} connected)");
    }

    private void Broadcast(TcpConnection sender, ReadOnlySpan<byte> message)
    {
        // One frame per loop thread, reused: framing a message costs no allocation.
        ByteBuffer frame = t_frame ??= new ByteBuffer();
        LengthHeaderCodec.Encode(message, frame);
        lock (_members)
        {
            foreach (TcpConnection member in _members)
            {
                member.Send(frame.ReadableSpan);
            }
        }
        frame.RetrieveAll();
    }
}
