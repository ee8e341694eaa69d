using System;
using System.Diagnostics;
using System.Net;
using Kiwi.Net;

namespace Kiwi.Bench.Datagrams;

/// <summary>The sender child: sendmmsg batches of one datagram size to 127.0.0.1:PORT as fast as the socket takes
/// them, for a fixed time; prints the count it sent.</summary>
public static class DatagramFlood
{
    public static void Run(int port, int size, TimeSpan duration, int batchSize)
    {
        using LinuxSocket socket = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        using DatagramBatch batch = new(batchSize, size);
        for (int i = 0; i < batchSize; i++)
        {
            batch.SetLength(i, size);
        }
        batch.Count = batchSize;
        long sent = 0;
        long end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            try
            {
                socket.SendMessages(batch);
                sent += batchSize;
            }
            catch (ErrnoException e) when (e.Errno == Kiwi.Interop.Libc.ECONNREFUSED)
            {
                // The receiver closed between runs; a queued ICMP error is reported once, then sending goes on.
            }
        }
        Console.WriteLine(sent);
    }
}
