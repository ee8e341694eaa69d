using System;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>if_nametoindex/if_indextoname on the loopback interface, and their errors.</summary>
public sealed class NetworkInterfaceIndexTests
{
    [Fact]
    public void LoopbackNameAndIndexMapBothWays()
    {
        int index = NetworkInterfaceIndex.Of("lo");
        Assert.True(index >= 1);
        Assert.Equal("lo", NetworkInterfaceIndex.NameOf(index));
    }

    [Fact]
    public void UnknownNameIsENODEVNamingTheCall()
    {
        var error = Assert.Throws<ErrnoException>(() => NetworkInterfaceIndex.Of("kiwi-none0"));
        Assert.Equal("if_nametoindex", error.Call);
        Assert.Equal("ENODEV", error.ErrnoName);
    }

    [Fact]
    public void UnknownIndexIsENXIONamingTheCall()
    {
        var error = Assert.Throws<ErrnoException>(() => NetworkInterfaceIndex.NameOf(int.MaxValue));
        Assert.Equal("if_indextoname", error.Call);
        Assert.Equal("ENXIO", error.ErrnoName);
    }

    [Fact]
    public void ANameTooLongForIfNameSizeIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => NetworkInterfaceIndex.Of(new string('x', 16)));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkInterfaceIndex.NameOf(0));
    }
}
