using System;
using System.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Multiplexing;

/// <summary>select(2) and the range-checked fd_set.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class SelectTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void FdSetRefusesMinusOneAndFdSetSize()
    {
        FdSet set = new();
        Assert.Equal(1024, FdSet.Capacity);

        foreach (int bad in new[] { -1, FdSet.Capacity, int.MaxValue, int.MinValue })
        {
            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => set.Add(bad));
            Assert.Equal(bad, e.ActualValue);
            Assert.Throws<ArgumentOutOfRangeException>(() => set.Remove(bad));
            Assert.Throws<ArgumentOutOfRangeException>(() => set.Contains(bad));
        }
        Assert.Equal(-1, set.HighestDescriptor);
    }

    [Fact]
    public void FdSetHoldsTheWholeRange()
    {
        FdSet set = new();
        set.Add(0);
        set.Add(FdSet.Capacity - 1);
        Assert.True(set.Contains(0));
        Assert.True(set.Contains(FdSet.Capacity - 1));
        Assert.False(set.Contains(1));
        Assert.Equal(FdSet.Capacity - 1, set.HighestDescriptor);
        set.Remove(0);
        Assert.False(set.Contains(0));
        set.Clear();
        Assert.False(set.Contains(FdSet.Capacity - 1));
        Assert.Equal(-1, set.HighestDescriptor);
    }

    [Fact]
    public void SeesReadabilityOnlyWhenDataArrived()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        {
            FdSet read = new();
            read.Add(server.Handle);
            Assert.Equal(0, Select.Wait(read, null, null, TimeSpan.Zero));
            Assert.False(read.Contains(server.Handle));

            client.Send("x"u8);
            read.Add(server.Handle);
            Assert.Equal(1, Select.Wait(read, null, null, TimeSpan.FromMilliseconds(Loopback.WaitMs)));
            Assert.True(read.Contains(server.Handle));
        }
    }

    [Fact]
    public void SeesWritability()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        {
            FdSet write = new();
            write.Add(client.Handle);
            Assert.Equal(1, Select.Wait(null, write, null, TimeSpan.FromMilliseconds(Loopback.WaitMs)));
            Assert.True(write.Contains(client.Handle));
        }
    }

    [Fact]
    public void SeesPeerCloseAsReadableEndOfStream()
    {
        var (client, server) = Loopback.TcpPair(IPAddress.Loopback);
        using (server)
        {
            client.Dispose();
            FdSet read = new();
            read.Add(server.Handle);
            Assert.Equal(1, Select.Wait(read, null, null, TimeSpan.FromMilliseconds(Loopback.WaitMs)));
            Assert.True(read.Contains(server.Handle));
            Assert.Equal(0, server.Receive(new byte[4]));
        }
    }

    [Fact]
    public void TimesOutWithNothingReady()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            FdSet read = new();
            read.Add(first.Handle);
            read.Add(second.Handle);
            Assert.Equal(0, Select.Wait(read, null, null, TimeSpan.FromMilliseconds(20)));
            Assert.False(read.Contains(first.Handle));
            Assert.False(read.Contains(second.Handle));
        }
    }

    [Fact]
    public void CountsReadyDescriptorsAcrossSets()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            first.Send("x"u8);
            FdSet read = new();
            FdSet write = new();
            read.Add(second.Handle);
            write.Add(first.Handle);
            write.Add(second.Handle);
            Assert.Equal(3, Select.Wait(read, write, null, TimeSpan.FromMilliseconds(Loopback.WaitMs)));
        }
    }
}
