using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Kiwi.Reliability.Tests.Soak;

/// <summary>Ten minutes (KIWI_SOAK_MINUTES overrides) of echo traffic on 100 connections to one server, with
/// managed memory, resident memory and descriptors sampled each minute: all must stay flat. Soak only.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SteadyLoadSoakTests
{
    private readonly ITestOutputHelper _output;

    public SteadyLoadSoakTests(ITestOutputHelper output) => _output = output;

    private static bool Finished(Task task, TimeSpan wait) => task.ContinueWith(_ => { }, TaskScheduler.Default).Wait(wait);

    [Fact]
    [Trait("Category", Support.SoakMode.Category)]
    public void AHundredConnectionsForTenMinutesStayFlat()
    {
        TimeSpan duration = TimeSpan.FromMinutes(double.Parse(Environment.GetEnvironmentVariable("KIWI_SOAK_MINUTES") ?? "10"));
        using EchoServer server = new(loops: 2);
        List<LinuxSocket> clients = new();
        for (int i = 0; i < 100; i++)
        {
            clients.Add(server.Connect());
        }
        long echoed = 0;
        using CancellationTokenSource stop = new(duration);
        Task[] workers = new Task[clients.Count];
        for (int i = 0; i < clients.Count; i++)
        {
            LinuxSocket client = clients[i];
            int seed = i;
            workers[i] = Task.Factory.StartNew(() =>
            {
                Random random = new(seed);
                byte[] sent = new byte[4096];
                byte[] got = new byte[4096];
                while (!stop.IsCancellationRequested)
                {
                    int length = random.Next(1, sent.Length);
                    random.NextBytes(sent.AsSpan(0, length));
                    client.SendAll(sent.AsSpan(0, length), timeout: TimeSpan.FromSeconds(30));
                    for (int received = 0; received < length;)
                    {
                        int n = client.Receive(got.AsSpan(received, length - received), timeout: TimeSpan.FromSeconds(30));
                        Assert.True(n > 0);
                        received += n;
                    }
                    Assert.True(sent.AsSpan(0, length).SequenceEqual(got.AsSpan(0, length)));
                    Interlocked.Add(ref echoed, length);
                }
            }, TaskCreationOptions.LongRunning);
        }
        List<(long Managed, long Resident, int Descriptors)> samples = new();
        Stopwatch clock = Stopwatch.StartNew();
        while (!Finished(Task.WhenAll(workers), TimeSpan.FromMinutes(1)))
        {
            samples.Add((ProcessMemory.Managed(), ProcessMemory.Resident(), ProcessMemory.Descriptors()));
            _output.WriteLine($"{clock.Elapsed.TotalMinutes:0.0} min: echoed {Interlocked.Read(ref echoed) >> 20} MiB, managed {samples[^1].Managed >> 10} KiB, resident {samples[^1].Resident >> 20} MiB, descriptors {samples[^1].Descriptors}");
        }
        clients.ForEach(client => client.Dispose());
        Assert.True(samples.Count >= 2, "too short to compare samples");
        // Flat: descriptors exactly, memory within 10% (or 8 MiB) of the first minute's sample.
        foreach (var sample in samples)
        {
            Assert.Equal(samples[0].Descriptors, sample.Descriptors);
            Assert.True(sample.Managed <= Math.Max(samples[0].Managed * 11 / 10, samples[0].Managed + (8 << 20)), $"managed grew to {sample.Managed}");
            Assert.True(sample.Resident <= Math.Max(samples[0].Resident * 11 / 10, samples[0].Resident + (32 << 20)), $"resident grew to {sample.Resident}");
        }
    }
}
