using System;
using System.Text;
using Kiwi.Interop;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>SCM_RIGHTS over a Unix socketpair: the receiver gets working, owned, close-on-exec copies of the
/// sender's descriptors.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class DescriptorPassingTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void APassedPipeEndIsUsableByTheReceiverAndClosedByItsHandle()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (sender)
        using (receiver)
        using (readEnd)
        {
            Assert.Equal(1, sender.SendMessage("p"u8, new FileDescriptorHandle[] { writeEnd }));
            // The receiver's copy must keep the pipe open on its own.
            writeEnd.Dispose();

            byte[] buffer = new byte[8];
            ReceivedMessage message = receiver.ReceiveMessage(buffer);
            Assert.Equal(1, message.BytesReceived);
            Assert.Equal((byte)'p', buffer[0]);
            FileDescriptorHandle received = Assert.Single(message.Descriptors);
            Assert.Null(message.Credentials);
            Assert.Equal(MessageFlags.None, message.Flags & MessageFlags.ControlTruncated);

            int number = received.DangerousGetDescriptor();
            Assert.True(received.IsCloseOnExec);
            received.Write("through the copy"u8);
            byte[] read = new byte[32];
            int n = readEnd.Read(read);
            Assert.Equal("through the copy", Encoding.ASCII.GetString(read, 0, n));

            received.Dispose();
            Assert.False(IsOpen(number), "disposing the received handle must close its descriptor");
            // The received copy was the last write end: the reader now sees end of file.
            Assert.Equal(PollEvents.HangUp, RawDescriptor.WaitFor(readEnd.DangerousGetDescriptor(), PollEvents.In, Loopback.WaitMs) & PollEvents.HangUp);
            Assert.Equal(0, readEnd.Read(read));
        }
    }

    [Fact]
    public void SeveralDescriptorsInOneMessageArriveInOrderAndWork()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (socketHere, socketThere) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using EventFdHandle eventFd = EventFdHandle.Create(nonBlocking: true);
        using (sender)
        using (receiver)
        using (socketHere)
        using (readEnd)
        {
            using (socketThere)
            using (writeEnd)
            {
                sender.SendMessage("three"u8, new FileDescriptorHandle[] { socketThere.Handle, writeEnd, eventFd });
            }

            byte[] buffer = new byte[8];
            ReceivedMessage message = receiver.ReceiveMessage(buffer, maxDescriptors: 3);
            Assert.Equal("three", Encoding.ASCII.GetString(buffer, 0, message.BytesReceived));
            Assert.Equal(3, message.Descriptors.Count);
            using LinuxSocket socketCopy = LinuxSocket.Adopt(message.Descriptors[0]);
            using FileDescriptorHandle pipeCopy = message.Descriptors[1];
            using FileDescriptorHandle eventFdCopy = message.Descriptors[2];

            // Each copy is the object that was sent, in the order it was sent.
            Assert.Equal(SocketDomain.Unix, socketCopy.Options.Domain);
            socketCopy.SendAll("via socket"u8);
            Assert.Equal("via socket", Encoding.ASCII.GetString(Loopback.ReceiveExactly(socketHere, 10)));

            pipeCopy.Write("via pipe"u8);
            byte[] read = new byte[16];
            Assert.Equal("via pipe", Encoding.ASCII.GetString(read, 0, readEnd.Read(read)));

            Assert.Equal(8, eventFdCopy.Write(BitConverter.GetBytes(5UL)));
            Assert.True(eventFd.TryRead(out ulong counter));
            Assert.Equal(5UL, counter);
        }
    }

    [Fact]
    public void DescriptorsBeyondTheReceiversRoomAreClosedByTheKernelAndReported()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (sender)
        using (receiver)
        using (readEnd)
        {
            FileDescriptorHandle[] twelve = new FileDescriptorHandle[12];
            Array.Fill(twelve, writeEnd);
            sender.SendMessage("x"u8, twelve);
            writeEnd.Dispose();

            // Room for one descriptor (plus the credentials space every receive reserves): fewer than 12 fit.
            ReceivedMessage message = receiver.ReceiveMessage(new byte[4], maxDescriptors: 1);
            Assert.InRange(message.Descriptors.Count, 1, 11);
            Assert.Equal(MessageFlags.ControlTruncated, message.Flags & MessageFlags.ControlTruncated);
            foreach (FileDescriptorHandle handle in message.Descriptors)
            {
                handle.Dispose();
            }

            // Every write end is gone, the ones the kernel dropped included: the reader sees end of file.
            Assert.Equal(0, readEnd.Read(new byte[1]));
        }
    }

    [Fact]
    public void WithCredentialsPassedTheRoomIsMaxDescriptors()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (sender)
        using (receiver)
        using (readEnd)
        using (writeEnd)
        {
            // The kernel writes SCM_CREDENTIALS first, so the rest of the buffer holds the descriptors; two ints
            // fill an 8-byte-aligned CMSG_SPACE exactly, so the room is neither rounded up nor down.
            receiver.Options.PassCredentials = true;
            sender.SendMessage("x"u8, new FileDescriptorHandle[] { readEnd, writeEnd, writeEnd, readEnd });

            ReceivedMessage message = receiver.ReceiveMessage(new byte[4], maxDescriptors: 2);
            try
            {
                Assert.Equal(2, message.Descriptors.Count);
                Assert.Equal(MessageFlags.ControlTruncated, message.Flags & MessageFlags.ControlTruncated);
                Assert.NotNull(message.Credentials);
            }
            finally
            {
                foreach (FileDescriptorHandle handle in message.Descriptors)
                {
                    handle.Dispose();
                }
            }
        }
    }

    [Fact]
    public void ADatagramPairCarriesDescriptorsToo()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Datagram);
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (sender)
        using (receiver)
        using (readEnd)
        using (writeEnd)
        {
            sender.SendMessage("d"u8, new FileDescriptorHandle[] { writeEnd });
            ReceivedMessage message = receiver.ReceiveMessage(new byte[4]);
            using FileDescriptorHandle copy = Assert.Single(message.Descriptors);
            copy.Write("z"u8);
            byte[] read = new byte[1];
            Assert.Equal(1, readEnd.Read(read));
            Assert.Equal((byte)'z', read[0]);
        }
    }

    [Fact]
    public void AMessageWithoutDescriptorsHasNone()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        using (sender)
        using (receiver)
        {
            sender.SendMessage("plain"u8);
            byte[] buffer = new byte[8];
            ReceivedMessage message = receiver.ReceiveMessage(buffer);
            Assert.Equal(5, message.BytesReceived);
            Assert.Empty(message.Descriptors);
            Assert.Null(message.Credentials);
        }
    }

    [Fact]
    public void ADisposedHandleCannotBeSent()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream);
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (sender)
        using (receiver)
        using (readEnd)
        {
            writeEnd.Dispose();
            Assert.Throws<ObjectDisposedException>(() => sender.SendMessage("x"u8, new FileDescriptorHandle[] { writeEnd }));
            // Nothing was sent.
            Assert.False(receiver.TryReceive(new byte[1], out _, MessageFlags.DontWait));
        }
    }

    [Fact]
    public void AFullSocketRefusesAMessageAndKeepsNoHoldOnItsDescriptors()
    {
        var (sender, receiver) = LinuxSocket.CreatePair(SocketKind.Stream, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using (sender)
        using (receiver)
        using (readEnd)
        {
            byte[] chunk = new byte[64 * 1024];
            int rounds = 0;
            while (rounds++ < 10_000 && sender.TrySend(chunk, out _))
            {
            }
            Assert.False(sender.TrySendMessage("x"u8, out int sent, new FileDescriptorHandle[] { writeEnd }));
            Assert.Equal(0, sent);

            // The refused send released its reference: disposing closes the descriptor at once.
            int number = writeEnd.DangerousGetDescriptor();
            writeEnd.Dispose();
            Assert.False(IsOpen(number));
        }
    }

    private static bool IsOpen(int descriptor) => KiwiShim.kiwi_fcntl_int(descriptor, Libc.F_GETFD, 0) >= 0;
}
