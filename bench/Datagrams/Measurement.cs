namespace Kiwi.Bench.Datagrams;

/// <summary>One measured window: datagrams received, the sender's count for its whole run, and the window's CPU.</summary>
public readonly record struct Measurement(long Received, long Sent, double Seconds, double CpuSeconds)
{
    /// <summary>Datagrams received per second of the window.</summary>
    public double DatagramsPerSecond => Received / Seconds;

    /// <summary>The receiving process's CPU time per datagram received, in nanoseconds.</summary>
    public double CpuNanosecondsPerDatagram => Received == 0 ? 0 : CpuSeconds * 1e9 / Received;
}
