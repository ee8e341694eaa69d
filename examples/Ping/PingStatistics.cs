using System;
using System.Diagnostics;

namespace Kiwi.Examples.Ping;

/// <summary>What ping(8) prints at the end: requests sent, replies received, loss, elapsed time and
/// min/avg/max/mdev of the round-trip times.</summary>
public sealed class PingStatistics
{
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private double _sumMs;
    private double _sumSquaresMs;
    private double _minMs = double.MaxValue;
    private double _maxMs;

    /// <summary>Requests sent.</summary>
    public int SentCount { get; private set; }

    /// <summary>Replies received.</summary>
    public int ReceivedCount { get; private set; }

    /// <summary>Counts one request.</summary>
    public void Sent() => SentCount++;

    /// <summary>Counts one reply and its round-trip time.</summary>
    public void Received(TimeSpan roundTrip)
    {
        double ms = roundTrip.TotalMilliseconds;
        ReceivedCount++;
        _sumMs += ms;
        _sumSquaresMs += ms * ms;
        _minMs = Math.Min(_minMs, ms);
        _maxMs = Math.Max(_maxMs, ms);
    }

    /// <summary>Prints the summary in ping(8)'s words.</summary>
    public void Print(string host)
    {
        int loss = SentCount == 0 ? 0 : (SentCount - ReceivedCount) * 100 / SentCount;
        long elapsedMs = (long)Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds;
        Console.WriteLine($"--- {host} ping statistics ---");
        Console.WriteLine($"{SentCount} packets transmitted, {ReceivedCount} received, {loss}% packet loss, time {elapsedMs}ms");
        if (ReceivedCount > 0)
        {
            double average = _sumMs / ReceivedCount;
            // ping(8)'s mdev is the standard deviation: sqrt(mean of squares - square of mean).
            double deviation = Math.Sqrt(Math.Max(0, _sumSquaresMs / ReceivedCount - average * average));
            Console.WriteLine($"rtt min/avg/max/mdev = {_minMs:0.000}/{average:0.000}/{_maxMs:0.000}/{deviation:0.000} ms");
        }
    }
}
