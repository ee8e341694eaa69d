using System;
using System.Diagnostics;
using System.Net;
using Kiwi.Net;

namespace Kiwi.Bench.Datagrams;

/// <summary>
/// The receive path alone: in rounds, a sender in this process queues <c>round</c> datagrams into the receiver's
/// socket (sendmmsg; loopback delivers during the send), then the receiver drains the queue. Only the drains are
/// timed, and the thread's CPU time is read around them, so the figures are the cost of receiving, not of producing,
/// with no sender competing for the CPU.
/// </summary>
public static class DrainRun
{
    public static Measurement Measure(string name, int size, int batch, int rounds, int round)
    {
        using DatagramReceiver receiver = DatagramReceiver.Create(name, size, batch);
        using LinuxSocket sender = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Datagram);
        sender.Connect(new IPEndPoint(IPAddress.Loopback, receiver.Port));
        using DatagramBatch outgoing = new(Math.Min(round, DatagramBatch.MaxCapacity), size);
        for (int i = 0; i < outgoing.Capacity; i++)
        {
            outgoing.SetLength(i, size);
        }
        long received = 0;
        long sent = 0;
        double seconds = 0;
        double cpu = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int queued = 0; queued < round; queued += outgoing.Count)
            {
                outgoing.Count = Math.Min(outgoing.Capacity, round - queued);
                sender.SendMessages(outgoing);
            }
            sent += round;
            double cpuBefore = ThreadCpuClock.Seconds();
            long start = Stopwatch.GetTimestamp();
            while (receiver.TryReceive(out int got))
            {
                received += got;
            }
            seconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu += ThreadCpuClock.Seconds() - cpuBefore;
        }
        return new Measurement(received, sent, seconds, cpu);
    }
}
