using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace Kiwi.Bench.Datagrams;

/// <summary>End to end: a receiver thread in this process (CPU 0), the flood in a child process (CPU 1). On loopback
/// the sender's system call does the delivery, so the sender usually sets the pace: compare CPU per datagram here.</summary>
public static class FloodRun
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static Measurement Measure(string receiver, int size, int batch, TimeSpan window)
    {
        long count = 0;
        int stop = 0;
        using DatagramReceiver socket = DatagramReceiver.Create(receiver, size, batch);
        Thread thread = new(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                if (socket.TryReceive(out int got))
                {
                    Interlocked.Add(ref count, got);
                }
                else
                {
                    Kiwi.Net.RawDescriptor.WaitFor(socket.Descriptor, Kiwi.Net.Multiplexing.PollEvents.In, 10);
                }
            }
        }) { IsBackground = true };
        thread.Start();
        using Process sender = StartSender(socket.Port, size, WarmUp + window + TimeSpan.FromSeconds(0.5), batch);
        Thread.Sleep(WarmUp);
        Process self = Process.GetCurrentProcess();
        self.Refresh();
        TimeSpan cpuBefore = self.TotalProcessorTime;
        long before = Interlocked.Read(ref count);
        long start = Stopwatch.GetTimestamp();
        Thread.Sleep(window);
        long received = Interlocked.Read(ref count) - before;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        string output = sender.StandardOutput.ReadToEnd();
        sender.WaitForExit();
        Volatile.Write(ref stop, 1);
        thread.Join();
        return new Measurement(received, long.Parse(output.Trim(), CultureInfo.InvariantCulture), seconds, cpu);
    }

    private static Process StartSender(int port, int size, TimeSpan duration, int batch)
    {
        string self = Environment.ProcessPath!;
        string dll = typeof(FloodRun).Assembly.Location;
        string arguments = $"-c 1 {self} {(self.EndsWith("dotnet", StringComparison.Ordinal) ? dll + " " : "")}send {port} {size} {duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} {batch}";
        var info = new ProcessStartInfo("taskset", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        return Process.Start(info) ?? throw new InvalidOperationException("cannot start the sender");
    }
}
