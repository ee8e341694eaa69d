using System;
using System.Collections.Generic;

namespace Kiwi.Examples;

/// <summary>The open connections of a server that visits them all each round (busy-polling, select, poll). One
/// thread; disposing closes every connection still open.</summary>
internal sealed class EchoConnectionList : IDisposable
{
    private readonly List<EchoConnection> _connections = new();

    /// <summary>How many connections are open.</summary>
    public int Count => _connections.Count;

    /// <summary>The connection at <paramref name="index"/>.</summary>
    public EchoConnection this[int index] => _connections[index];

    /// <summary>Adds a connection at the end.</summary>
    public void Add(EchoConnection connection) => _connections.Add(connection);

    /// <summary>Closes the connection at <paramref name="index"/> and moves the last one into its place, so a
    /// round that walks backwards from the end visits every other connection exactly once.</summary>
    public void CloseAt(int index)
    {
        EchoConnection closing = _connections[index];
        _connections[index] = _connections[^1];
        _connections.RemoveAt(_connections.Count - 1);
        closing.Dispose();
    }

    /// <summary>Closes every connection.</summary>
    public void Dispose()
    {
        foreach (EchoConnection connection in _connections)
        {
            connection.Dispose();
        }
        _connections.Clear();
    }
}
