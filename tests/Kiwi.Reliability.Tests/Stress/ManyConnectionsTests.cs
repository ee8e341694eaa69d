using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;
using Kiwi.Net;
using Kiwi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Kiwi.Reliability.Tests.Stress;

/// <summary>Many concurrent loopback connections to one <see cref="Kiwi.Net.Reactor.TcpServer"/>: every connection
/// echoes a payload naming itself, every byte checked; managed and resident memory per idle connection reported.
/// CI runs 1,000 (about 2,000 descriptors on a 2-core machine); <c>./build.sh soak</c> runs 10,000.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ManyConnectionsTests
{
    private readonly ITestOutputHelper _output;

    public ManyConnectionsTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void AThousandConnectionsEchoEveryByte() => Run(1_000);

    [Fact]
    [Trait("Category", SoakMode.Category)]
    public void TenThousandConnectionsEchoEveryByte() => Run(10_000);

    private void Run(int count)
    {
        using DescriptorLimit limit = DescriptorLimit.Raise((ulong)(count * 2 + 512), out ulong granted);
        if (granted < (ulong)(count * 2 + 256))
        {
            // Both ends live in this process (two descriptors a connection) and the hard limit could not be raised
            // (no CAP_SYS_RESOURCE): as many as it allows, said in the output.
            int allowed = (int)((granted - 256) / 2);
            _output.WriteLine($"RLIMIT_NOFILE hard limit {granted}: {allowed} connections instead of {count}");
            Assert.True(allowed >= count * 9 / 10, $"RLIMIT_NOFILE hard limit {granted} allows only {allowed} of {count} connections");
            count = allowed;
        }
        int before = ProcessMemory.Descriptors();
        // Measured first, while the descriptors are free: the client sockets' share of the managed figure below.
        long clientSide = ClientSideManagedBytes(count);
        using (EchoServer server = new(loops: 2))
        {
            long managedBefore = ProcessMemory.Managed();
            long residentBefore = ProcessMemory.Resident();
            List<LinuxSocket> clients = new(count);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    clients.Add(server.Connect());
                }
                SpinWait.SpinUntil(() => server.Server.ConnectionCount == count, TimeSpan.FromSeconds(60));
                Assert.Equal(count, server.Server.ConnectionCount);
                long managedIdle = ProcessMemory.Managed() - managedBefore;
                long residentIdle = ProcessMemory.Resident() - residentBefore;
                // The clients are in this process too: their LinuxSocket/SocketHandle/SocketOptions objects are taken off.
                _output.WriteLine($"{count} idle connections: managed {managedIdle / count} B/connection for both sides, " +
                    $"{clientSide / count} B of it the client's LinuxSocket, so the server's {(managedIdle - clientSide) / count} B; " +
                    $"resident set {residentIdle / count} B/connection (kernel socket memory is not in it)");

                byte[] payload = new byte[64];
                byte[] echoed = new byte[64];
                for (int i = 0; i < count; i++)
                {
                    Fill(payload, i);
                    clients[i].SendAll(payload, timeout: TimeSpan.FromSeconds(30));
                }
                for (int i = 0; i < count; i++)
                {
                    Fill(payload, i);
                    int received = 0;
                    while (received < echoed.Length)
                    {
                        int n = clients[i].Receive(echoed.AsSpan(received), timeout: TimeSpan.FromSeconds(30));
                        Assert.True(n > 0, $"connection {i} closed after {received} bytes");
                        received += n;
                    }
                    Assert.True(payload.AsSpan().SequenceEqual(echoed), $"connection {i} echoed other bytes");
                }
            }
            finally
            {
                clients.ForEach(client => client.Dispose());
            }
            SpinWait.SpinUntil(() => server.Server.ConnectionCount == 0, TimeSpan.FromSeconds(60));
            Assert.Equal(0, server.Server.ConnectionCount);
        }
        Assert.Equal(before, ProcessMemory.Descriptors());
    }

    /// <summary>Managed bytes of <paramref name="count"/> client <see cref="LinuxSocket"/>s (unconnected, same objects).</summary>
    private static long ClientSideManagedBytes(int count)
    {
        long before = ProcessMemory.Managed();
        List<LinuxSocket> sockets = new(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                sockets.Add(LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream));
            }
            return ProcessMemory.Managed() - before;
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    private static void Fill(byte[] payload, int connection)
    {
        for (int offset = 0; offset < payload.Length; offset += 4)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(offset), connection * 31 + offset);
        }
    }
}
