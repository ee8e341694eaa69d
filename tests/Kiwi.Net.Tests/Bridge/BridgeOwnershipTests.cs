using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Kiwi.Net.Bridge;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Bridge;

/// <summary>
/// Every way across the bridge, disposed in every order: the descriptor is closed exactly once, by its owner, and
/// /proc/self/fd ends as it began. A second close would take away the eventfd that
/// <see cref="DescriptorNumber.Occupy"/> puts on the freed number.
/// </summary>
[Collection(DescriptorCollection.Name)]
public sealed class BridgeOwnershipTests : IClassFixture<DotNetSocketsLeakCheck>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HandOverLeavesTheDescriptorToTheSystemSocketAlone(bool kiwiDisposedFirst)
    {
        Dictionary<int, string> before = DescriptorLeakCheck.Snapshot();
        (LinuxSocket peer, LinuxSocket kiwi) = Loopback.TcpPair(IPAddress.Loopback);
        using (peer)
        {
            int descriptor = kiwi.Handle.DangerousGetDescriptor();
            Socket dotnet = kiwi.HandOverToSystemSocket();
            if (kiwiDisposedFirst)
            {
                kiwi.Dispose();
                Assert.True(DescriptorNumber.IsOpen(descriptor));
                dotnet.Send("alive"u8);
                Assert.Equal("alive"u8.ToArray(), Loopback.ReceiveExactly(peer, 5));
                dotnet.Dispose();
                Assert.False(DescriptorNumber.IsOpen(descriptor));
            }
            else
            {
                dotnet.Dispose();
                using EventFdHandle occupant = DescriptorNumber.Occupy(descriptor);
                kiwi.Dispose();
                Assert.True(DescriptorNumber.IsOpen(descriptor));
                Assert.True(occupant.TryAdd());
            }
        }
        AssertSameDescriptors(before);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AdoptionClosesEachNumberOnceWhateverTheOrder(bool kiwiDisposedFirst)
    {
        Dictionary<int, string> before = DescriptorLeakCheck.Snapshot();
        (LinuxSocket peer, LinuxSocket kiwiSide) = Loopback.TcpPair(IPAddress.Loopback);
        using (peer)
        {
            Socket dotnet = kiwiSide.HandOverToSystemSocket();
            int dotnetDescriptor = (int)dotnet.Handle;
            LinuxSocket adopted = dotnet.AdoptAsLinuxSocket();
            int adoptedDescriptor = adopted.Handle.DangerousGetDescriptor();
            Assert.NotEqual(dotnetDescriptor, adoptedDescriptor);
            using EventFdHandle occupant = DescriptorNumber.Occupy(dotnetDescriptor);
            if (kiwiDisposedFirst)
            {
                adopted.SendAll("adopted"u8);
                Assert.Equal("adopted"u8.ToArray(), Loopback.ReceiveExactly(peer, 7));
                adopted.Dispose();
                dotnet.Dispose();
            }
            else
            {
                dotnet.Dispose();
                adopted.SendAll("adopted"u8);
                Assert.Equal("adopted"u8.ToArray(), Loopback.ReceiveExactly(peer, 7));
                adopted.Dispose();
            }
            Assert.False(DescriptorNumber.IsOpen(adoptedDescriptor));
            Assert.True(occupant.TryAdd());
            // The connection closed with the last descriptor: the peer reads end of stream.
            Assert.Equal(0, peer.Receive(new byte[1]));
        }
        AssertSameDescriptors(before);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BorrowedViewNeverClosesTheDescriptor(bool viewDisposedFirst)
    {
        Dictionary<int, string> before = DescriptorLeakCheck.Snapshot();
        (LinuxSocket peer, LinuxSocket kiwiSide) = Loopback.TcpPair(IPAddress.Loopback);
        using (peer)
        {
            Socket dotnet = kiwiSide.HandOverToSystemSocket();
            int descriptor = (int)dotnet.Handle;
            LinuxSocket view = dotnet.BorrowAsLinuxSocket();
            Assert.Equal(descriptor, view.Handle.DangerousGetDescriptor());
            view.SendAll("viewed"u8);
            Assert.Equal("viewed"u8.ToArray(), Loopback.ReceiveExactly(peer, 6));
            if (viewDisposedFirst)
            {
                view.Dispose();
                dotnet.Send("owner"u8);
                Assert.Equal("owner"u8.ToArray(), Loopback.ReceiveExactly(peer, 5));
                dotnet.Dispose();
                Assert.False(DescriptorNumber.IsOpen(descriptor));
            }
            else
            {
                dotnet.Dispose();
                using EventFdHandle occupant = DescriptorNumber.Occupy(descriptor);
                view.Dispose();
                Assert.True(occupant.TryAdd());
            }
        }
        AssertSameDescriptors(before);
    }

    [Fact]
    public void ClosedSocketsAreRefusedOnBothSides()
    {
        LinuxSocket kiwi = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        kiwi.Dispose();
        Socket dotnet = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        dotnet.Dispose();

        Assert.Throws<ObjectDisposedException>(() => kiwi.HandOverToSystemSocket());
        Assert.Throws<ObjectDisposedException>(() => dotnet.AdoptAsLinuxSocket());
        Assert.Throws<ObjectDisposedException>(() => dotnet.BorrowAsLinuxSocket());
    }

    private static void AssertSameDescriptors(Dictionary<int, string> before)
    {
        Dictionary<int, string> after = DescriptorLeakCheck.Snapshot();
        Assert.Equal(before, after);
    }
}
