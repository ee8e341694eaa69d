using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Kiwi.Bench.Datagrams;

// Datagrams [--mode drain|flood] [--seconds S] [--rounds N] [--round DATAGRAMS] [--size BYTES] [--batch N] [--reps R]
//           [--receivers "recvmmsg recvfrom sns sns-address"]
// Datagrams send PORT SIZE SECONDS BATCH   (flood's sender child; run by the parent)
//
// drain (default): the receive path alone (DrainRun): queue ROUND datagrams, time draining them, N rounds.
// flood: end to end (FloodRun): a child process on CPU 1 floods 127.0.0.1:PORT with sendmmsg for S seconds while this
// process, on CPU 0, receives for S seconds after a 1 s warm-up.
// Reported: datagrams received per second and CPU time (user + system) per datagram received (drain: the receiving
// thread's, clock_gettime(CLOCK_THREAD_CPUTIME_ID); flood: the receiving process's, /proc at 10 ms ticks); the
// median of R repetitions (by datagrams/s), receivers rotated between repetitions.
if (args.Length > 0 && args[0] == "send")
{
    DatagramFlood.Run(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(double.Parse(args[3], CultureInfo.InvariantCulture)), int.Parse(args[4], CultureInfo.InvariantCulture));
    return 0;
}

var options = new Dictionary<string, string>
{
    ["--mode"] = "drain", ["--seconds"] = "3", ["--rounds"] = "20", ["--round"] = "20000", ["--size"] = "64", ["--batch"] = "64",
    ["--reps"] = "3", ["--receivers"] = string.Join(' ', DatagramReceiver.Names),
};
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (!options.ContainsKey(args[i]))
    {
        Console.Error.WriteLine($"unknown option {args[i]}; known: {string.Join(", ", options.Keys)}");
        return 2;
    }
    options[args[i]] = args[i + 1];
}
double seconds = double.Parse(options["--seconds"], CultureInfo.InvariantCulture);
int size = int.Parse(options["--size"], CultureInfo.InvariantCulture);
int batch = int.Parse(options["--batch"], CultureInfo.InvariantCulture);
int reps = int.Parse(options["--reps"], CultureInfo.InvariantCulture);
int rounds = int.Parse(options["--rounds"], CultureInfo.InvariantCulture);
int round = int.Parse(options["--round"], CultureInfo.InvariantCulture);
bool drain = options["--mode"] == "drain";
string[] receivers = options["--receivers"].Split(' ', StringSplitOptions.RemoveEmptyEntries);

if (OperatingSystem.IsLinux())
{
    Process.GetCurrentProcess().ProcessorAffinity = 1;
}
var results = receivers.ToDictionary(r => r, _ => new List<Measurement>());
for (int rep = 0; rep < reps; rep++)
{
    foreach (string receiver in receivers.Skip(rep % receivers.Length).Concat(receivers.Take(rep % receivers.Length)))
    {
        Measurement m = drain
            ? DrainRun.Measure(receiver, size, batch, rounds, round)
            : FloodRun.Measure(receiver, size, batch, TimeSpan.FromSeconds(seconds));
        Console.Error.WriteLine($"rep {rep + 1} {receiver}: {m.DatagramsPerSecond:N0} datagrams/s, {m.CpuNanosecondsPerDatagram:N0} ns CPU/datagram, {m.Sent:N0} sent");
        results[receiver].Add(m);
    }
}

Console.WriteLine($"{options["--mode"]}, {size}-byte datagrams:");
Console.WriteLine();
Console.WriteLine($"| receiver | datagrams/s (median of {reps}) | CPU ns per datagram | received / sent |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (string receiver in receivers)
{
    Measurement median = results[receiver].OrderBy(m => m.DatagramsPerSecond).ElementAt(results[receiver].Count / 2);
    using DatagramReceiver described = DatagramReceiver.Create(receiver, size, batch);
    Console.WriteLine($"| {described.Description} | {median.DatagramsPerSecond:N0} | {median.CpuNanosecondsPerDatagram:N0} | {median.Received:N0} / {median.Sent:N0} |");
}
return 0;
