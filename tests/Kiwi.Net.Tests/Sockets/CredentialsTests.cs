using System;
using Kiwi.Interop;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>SCM_CREDENTIALS (with SO_PASSCRED on the receiver) and SO_PEERCRED name this process.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class CredentialsTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void WithPassCredentialsTheKernelAttachesTheSendersCredentials()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (sender)
        using (receiver)
        {
            // Set before the data is sent: the kernel attaches credentials when the message is queued.
            receiver.Options.PassCredentials = true;
            sender.Send("who"u8);

            ReceivedMessage message = receiver.ReceiveMessage(new byte[8]);

            Assert.Equal(3, message.BytesReceived);
            UnixCredentials credentials = Assert.NotNull(message.Credentials);
            Assert.Equal(Environment.ProcessId, credentials.ProcessId);
            Assert.Equal(Libc.getuid(), credentials.UserId);
            Assert.Equal(Libc.getgid(), credentials.GroupId);
            Assert.Empty(message.Descriptors);
        }
    }

    [Fact]
    public void ExplicitCredentialsOfThisProcessArriveAsSent()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Datagram);
        using (sender)
        using (receiver)
        {
            receiver.Options.PassCredentials = true;
            UnixCredentials mine = UnixCredentials.OfThisProcess();
            Assert.Equal(Environment.ProcessId, mine.ProcessId);

            sender.SendMessage("me"u8, credentials: mine);
            ReceivedMessage message = receiver.ReceiveMessage(new byte[8]);

            Assert.Equal(mine, message.Credentials);
        }
    }

    [Fact]
    public void CredentialsAndDescriptorsTravelInOneMessage()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (sender)
        using (receiver)
        using (readEnd)
        using (writeEnd)
        {
            receiver.Options.PassCredentials = true;
            sender.SendMessage("both"u8, new FileDescriptorHandle[] { writeEnd }, UnixCredentials.OfThisProcess());

            ReceivedMessage message = receiver.ReceiveMessage(new byte[8]);
            using FileDescriptorHandle copy = Assert.Single(message.Descriptors);
            Assert.Equal(UnixCredentials.OfThisProcess(), message.Credentials);
            copy.Write("c"u8);
            Assert.Equal(1, readEnd.Read(new byte[1]));
        }
    }

    [Fact]
    public void WithoutPassCredentialsNoneArrive()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (sender)
        using (receiver)
        {
            Assert.False(receiver.Options.PassCredentials);
            sender.Send("anon"u8);
            Assert.Null(receiver.ReceiveMessage(new byte[8]).Credentials);
        }
    }

    [Fact]
    public void PeerCredentialsNameThisProcess()
    {
        var (first, second) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (first)
        using (second)
        {
            Assert.Equal(UnixCredentials.OfThisProcess(), second.Options.PeerCredentials);
        }
    }
}
