namespace Kiwi.Examples.Ping;

/// <summary>One echo reply: its ICMP length, the hop limit it arrived with, and when it arrived (a
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
public readonly record struct EchoReply(int Bytes, int? TimeToLive, long ReceivedAt);
