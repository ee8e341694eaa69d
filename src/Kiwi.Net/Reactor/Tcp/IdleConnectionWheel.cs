using System;
using System.Collections.Generic;

namespace Kiwi.Net.Reactor;

/// <summary>
/// Closes the connections of one loop that have received nothing for a timeout, with one repeating timer per loop
/// and no timer work per message: a timing wheel of <see cref="Slots"/> + 1 buckets, one tick apart (timeout / Slots).
/// A connection sits in the bucket of the tick at which it may expire; when that bucket comes round, a connection
/// that received since is moved to the bucket of its new deadline, one that did not is closed. So each connection
/// is looked at about once per timeout however many messages it gets: 100,000 connections with a 60 s timeout cost
/// some 1,700 bucket moves a second. Loop thread only.
/// </summary>
internal sealed class IdleConnectionWheel : IDisposable
{
    /// <summary>Ticks per timeout: a connection is closed between timeout and about timeout × (1 + 1/Slots) after its
    /// last receive, as the loop's timer fires on time.</summary>
    public const int Slots = 8;

    private readonly EventLoop _loop;
    private readonly long _timeoutNanoseconds;
    private readonly long _tickNanoseconds;
    private readonly List<TcpConnection>[] _buckets = new List<TcpConnection>[Slots + 1];
    private List<TcpConnection> _due = new();
    private readonly TimerId _timer;
    private int _current;

    public IdleConnectionWheel(EventLoop loop, TimeSpan timeout)
    {
        _loop = loop;
        _timeoutNanoseconds = (long)(timeout.TotalMilliseconds * 1_000_000);
        _tickNanoseconds = Math.Max(_timeoutNanoseconds / Slots, 1_000_000);
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new List<TcpConnection>();
        }
        _timer = loop.RunEvery(TimeSpan.FromTicks(_tickNanoseconds / 100), Tick);
    }

    /// <summary>Connections closed for idleness so far.</summary>
    public long Closed { get; private set; }

    /// <summary>Starts watching a connection that was just established.</summary>
    public void Add(TcpConnection connection)
    {
        connection.LastReceiveTime = MonotonicClock.NowNanoseconds;
        Insert(connection, connection.LastReceiveTime + _timeoutNanoseconds, connection.LastReceiveTime);
    }

    /// <summary>Stops the wheel's timer (the connections themselves are the server's to close).</summary>
    public void Dispose() => _loop.Cancel(_timer);

    private void Tick()
    {
        _current = (_current + 1) % _buckets.Length;
        (_due, _buckets[_current]) = (_buckets[_current], _due);
        long now = MonotonicClock.NowNanoseconds;
        foreach (TcpConnection connection in _due)
        {
            if (connection.IsDisconnected)
            {
                continue;
            }
            long deadline = connection.LastReceiveTime + _timeoutNanoseconds;
            if (deadline <= now)
            {
                Closed++;
                connection.ForceClose();
            }
            else
            {
                Insert(connection, deadline, now);
            }
        }
        _due.Clear();
    }

    private void Insert(TcpConnection connection, long deadline, long now)
    {
        long ticks = Math.Clamp((deadline - now + _tickNanoseconds - 1) / _tickNanoseconds, 1, Slots);
        _buckets[(_current + (int)ticks) % _buckets.Length].Add(connection);
    }
}
