using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net.Reactor;

namespace Kiwi.Examples.Demo;

/// <summary>
/// The client's side of the demo, run by a <see cref="ReactorTcpClient"/>'s callbacks on its loop: send one
/// message, wait for all of its bytes to come back, compare, send the next; after the last one half-close
/// and wait for the connection to go down. Every step is printed.
/// </summary>
public sealed class EchoConversation
{
    private readonly byte[][] _messages;
    private readonly TaskCompletionSource<bool> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _current;
    private long _bytesSent;
    private long _bytesEchoed;
    private int _mismatches;

    /// <summary>Prepares a conversation that sends <paramref name="messages"/> one after the other.</summary>
    public EchoConversation(params byte[][] messages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(messages.Length);
        _messages = messages;
    }

    /// <summary>Completes when the connection has gone down: true if every message came back intact.</summary>
    public Task<bool> Finished => _finished.Task;

    /// <summary>Messages echoed so far.</summary>
    public int MessagesEchoed => Volatile.Read(ref _current);

    /// <summary>Bytes the client sent.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes that came back.</summary>
    public long BytesEchoed => Interlocked.Read(ref _bytesEchoed);

    /// <summary>Sets <paramref name="client"/>'s callbacks to this conversation's.</summary>
    public void Attach(ReactorTcpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Callbacks.Connection = OnConnection;
        client.Callbacks.Message = OnMessage;
    }

    private void OnConnection(TcpConnection connection)
    {
        if (connection.IsConnected)
        {
            Console.WriteLine($"[client] connection up: {connection.LocalEndPoint} -> {connection.PeerEndPoint}");
            SendCurrent(connection);
            return;
        }
        Console.WriteLine($"[client] connection down: {connection.Name}");
        _finished.TrySetResult(_mismatches == 0 && _current == _messages.Length);
    }

    private void OnMessage(TcpConnection connection, ByteBuffer buffer, long receiveTime)
    {
        if (_current == _messages.Length)
        {
            buffer.RetrieveAll();
            return;
        }
        byte[] expected = _messages[_current];
        if (buffer.ReadableBytes < expected.Length)
        {
            return;
        }
        bool intact = buffer.ReadableSpan[..expected.Length].SequenceEqual(expected);
        buffer.Retrieve(expected.Length);
        Interlocked.Add(ref _bytesEchoed, expected.Length);
        Console.WriteLine($"[client] received {expected.Length} bytes back: {Describe(expected)} ({(intact ? "intact" : "DIFFERENT")})");
        if (!intact)
        {
            _mismatches++;
        }
        Volatile.Write(ref _current, _current + 1);
        if (_current < _messages.Length)
        {
            SendCurrent(connection);
        }
        else
        {
            Console.WriteLine($"[client] all {_messages.Length} messages echoed; half-closing (shutdown SHUT_WR)");
            connection.Shutdown();
        }
    }

    private void SendCurrent(TcpConnection connection)
    {
        byte[] message = _messages[_current];
        Console.WriteLine($"[client] sending {message.Length} bytes: {Describe(message)}");
        Interlocked.Add(ref _bytesSent, message.Length);
        connection.Send(message);
    }

    private static string Describe(byte[] message)
    {
        bool text = Array.TrueForAll(message, b => b is >= 0x20 and < 0x7f);
        return text ? $"\"{Encoding.ASCII.GetString(message)}\"" : "a block of binary data";
    }
}
