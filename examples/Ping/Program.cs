using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using Kiwi.Examples;
using Kiwi.Examples.Ping;
using Kiwi.Net;

// Ping [-c COUNT] [-i INTERVAL] [-W TIMEOUT] HOST
// ICMP echo like ping(8), to an IPv4 or IPv6 host (127.0.0.1, ::1): through an unprivileged ICMP datagram socket
// (SOCK_DGRAM, IPPROTO_ICMP/IPPROTO_ICMPV6) where net.ipv4.ping_group_range lets this process's group, through a raw
// socket otherwise (root or CAP_NET_RAW). One "time=... ms" line per reply, then ping(8)'s summary.
// Exit code 0 when every echo got its reply, 1 when some did not, 2 for a bad command line or no usable socket.
if (!TryParseCommandLine(args, out string? host, out int count, out TimeSpan interval, out TimeSpan timeout))
{
    Console.Error.WriteLine("usage: Ping [-c COUNT] [-i INTERVAL_SECONDS] [-W TIMEOUT_SECONDS] HOST");
    return 2;
}

IPAddress address = IPAddress.TryParse(host, out IPAddress? literal) ? literal : Dns.GetHostAddresses(host)[0];
EchoSocket echo;
try
{
    echo = EchoSocket.Open(address);
}
catch (ErrnoException e)
{
    Console.Error.WriteLine($"ping: {e.Message}: neither an ICMP datagram socket (net.ipv4.ping_group_range) nor a raw socket (CAP_NET_RAW) is allowed");
    return 2;
}

using (echo)
{
    Console.WriteLine($"PING {host} ({address}) {EchoSocket.PayloadSize} data bytes, {(echo.IsRaw ? "SOCK_RAW" : "SOCK_DGRAM")} socket");
    PingStatistics statistics = new();
    for (int sequence = 1; sequence <= count; sequence++)
    {
        long sentAt = echo.Send((ushort)sequence);
        statistics.Sent();
        if (echo.TryReceiveReply((ushort)sequence, timeout, out EchoReply reply))
        {
            TimeSpan rtt = System.Diagnostics.Stopwatch.GetElapsedTime(sentAt, reply.ReceivedAt);
            statistics.Received(rtt);
            string ttl = reply.TimeToLive is int hops ? $" ttl={hops}" : "";
            Console.WriteLine($"{reply.Bytes} bytes from {address}: icmp_seq={sequence}{ttl} time={rtt.TotalMilliseconds:0.000} ms");
        }
        else
        {
            Console.WriteLine($"no reply for icmp_seq={sequence} within {timeout.TotalSeconds:0.###} s");
        }
        if (sequence < count)
        {
            Thread.Sleep(interval);
        }
    }
    statistics.Print(host);
    return statistics.ReceivedCount == count ? 0 : 1;
}

static bool TryParseCommandLine(string[] args, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? host, out int count, out TimeSpan interval, out TimeSpan timeout)
{
    // HOST is the one argument that is neither an option nor an option's value; the rest is ExampleOptions'.
    host = null;
    var options = new List<string>();
    for (int i = 0; i < args.Length; i++)
    {
        if (args[i].StartsWith('-') && i + 1 < args.Length)
        {
            options.Add(args[i]);
            options.Add(args[++i]);
        }
        else if (host is null && !args[i].StartsWith('-'))
        {
            host = args[i];
        }
        else
        {
            options.Add(args[i]);
        }
    }
    count = 0;
    interval = timeout = TimeSpan.Zero;
    if (host is null || !ExampleOptions.TryParse(options.ToArray(), defaultPort: 0, out ExampleOptions? parsed, "-c", "-i", "-W"))
    {
        return false;
    }
    bool valid = int.TryParse(parsed.Extra("-c", "4"), out count) & count >= 1
        & double.TryParse(parsed.Extra("-i", "1"), System.Globalization.CultureInfo.InvariantCulture, out double intervalSeconds) & intervalSeconds >= 0
        & double.TryParse(parsed.Extra("-W", "2"), System.Globalization.CultureInfo.InvariantCulture, out double timeoutSeconds) & timeoutSeconds > 0;
    interval = TimeSpan.FromSeconds(valid ? intervalSeconds : 0);
    timeout = TimeSpan.FromSeconds(valid ? timeoutSeconds : 0);
    return valid;
}
