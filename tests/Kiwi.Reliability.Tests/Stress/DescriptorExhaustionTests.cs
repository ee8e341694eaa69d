using System;
using System.Collections.Generic;
using System.Threading;
using Kiwi.Net;
using Kiwi.Reliability.Tests.Support;

namespace Kiwi.Reliability.Tests.Stress;

/// <summary>EMFILE under a lowered RLIMIT_NOFILE (restored afterwards): the server keeps serving what it has,
/// drops what it cannot take (so no client hangs), and serves again once descriptors are free.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class DescriptorExhaustionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void TheServerSurvivesEmfileAndRecovers()
    {
        int before = ProcessMemory.Descriptors();
        using (EchoServer server = new(loops: 0))
        {
            List<LinuxSocket> clients = new();
            int highest = ProcessMemory.Descriptors();
            try
            {
                // Room for a few connections only; every accepted connection costs the server one descriptor.
                using (DescriptorLimitRaise.To((ulong)(highest + 200), out _))
                {
                    // Connecting clients take descriptors too; past the limit, connect fails here with EMFILE.
                    for (int i = 0; i < 400; i++)
                    {
                        try
                        {
                            clients.Add(server.Connect());
                        }
                        catch (ErrnoException error) when (error.ErrnoName == "EMFILE")
                        {
                            break;
                        }
                    }
                    Assert.True(clients.Count < 400, "RLIMIT_NOFILE was never reached");
                    // Every client is either served or dropped by the spare-descriptor trick: none waits forever.
                    foreach (LinuxSocket client in clients)
                    {
                        client.Send(new byte[] { 1 });
                    }
                    int served = 0;
                    foreach (LinuxSocket client in clients)
                    {
                        try
                        {
                            if (client.Receive(new byte[1], timeout: Bound) == 1)
                            {
                                served++;
                            }
                        }
                        catch (ErrnoException error) when (error.ErrnoName == "ECONNRESET")
                        {
                        }
                    }
                    Assert.True(served > 0, "no connection was served under the limit");
                }
            }
            finally
            {
                clients.ForEach(client => client.Dispose());
            }
            SpinWait.SpinUntil(() => server.Server.ConnectionCount == 0, Bound);
            // With the limit restored the server serves again.
            using LinuxSocket again = server.Connect();
            again.SendAll(new byte[] { 42 });
            byte[] echo = new byte[1];
            Assert.Equal(1, again.Receive(echo, timeout: Bound));
            Assert.Equal(42, echo[0]);
        }
        SpinWait.SpinUntil(() => ProcessMemory.Descriptors() == before, Bound);
        Assert.Equal(before, ProcessMemory.Descriptors());
    }
}
