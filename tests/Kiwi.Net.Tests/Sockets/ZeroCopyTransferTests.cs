using System;
using System.IO;
using System.Net;
using Kiwi.Net.Multiplexing;
using Kiwi.Net.Tests.Support;
using Microsoft.Win32.SafeHandles;

namespace Kiwi.Net.Tests.Sockets;

/// <summary>sendfile(2) from a file to a TCP socket and splice(2) through a pipe, on loopback.</summary>
[Collection(DescriptorCollection.Name)]
public sealed class ZeroCopyTransferTests : IClassFixture<DescriptorLeakCheck>
{
    [Fact]
    public void SendFileSendsTheRequestedRangeOfTheFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            byte[] content = new byte[300_000];
            new Random(15).NextBytes(content);
            File.WriteAllBytes(path, content);
            (LinuxSocket client, LinuxSocket server) = Loopback.TcpPair(IPAddress.Loopback);
            using (client)
            using (server)
            using (SafeFileHandle file = File.OpenHandle(path))
            {
                long sent = 0;
                byte[] received = new byte[200_000];
                int filled = 0;
                // Sender and reader interleave on one thread: the socket is non-blocking, so TrySendFile stops when full.
                server.IsNonBlocking = true;
                client.IsNonBlocking = true;
                long offset = 1000;
                while (filled < received.Length)
                {
                    if (sent < received.Length && client.TrySendFile(file, ref offset, (int)(received.Length - sent), out int n))
                    {
                        sent += n;
                    }
                    Loopback.AssertReady(server, PollEvents.In);
                    if (server.TryReceive(received.AsSpan(filled), out int got))
                    {
                        filled += got;
                    }
                }

                Assert.Equal(1000 + received.Length, offset);
                Assert.Equal(content.AsSpan(1000, received.Length).ToArray(), received);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SendFileStopsAtTheEndOfTheFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, "short file"u8.ToArray());
            (LinuxSocket client, LinuxSocket server) = Loopback.TcpPair(IPAddress.Loopback);
            using (client)
            using (server)
            using (SafeFileHandle file = File.OpenHandle(path))
            {
                Assert.Equal(10, client.SendFile(file, 0, 1_000_000));
                Assert.Equal("short file"u8.ToArray(), Loopback.ReceiveExactly(server, 10));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SpliceMovesSocketBytesThroughAPipe()
    {
        (LinuxSocket client, LinuxSocket server) = Loopback.TcpPair(IPAddress.Loopback);
        (PipeHandle readEnd, PipeHandle writeEnd) = PipeHandle.CreatePair();
        using (client)
        using (server)
        using (readEnd)
        using (writeEnd)
        {
            client.SendAll("spliced bytes"u8);
            Loopback.AssertReady(server, PollEvents.In);

            Assert.True(Splice.TryMove(server.Handle, writeEnd, 64, out int moved, SpliceFlags.Move));
            Assert.Equal(13, moved);
            byte[] buffer = new byte[32];
            Assert.Equal(13, readEnd.Read(buffer));
            Assert.Equal("spliced bytes"u8.ToArray(), buffer[..13]);
        }
    }

    [Fact]
    public void SpliceWithoutAPipeIsEINVALNamingTheCall()
    {
        (LinuxSocket client, LinuxSocket server) = Loopback.TcpPair(IPAddress.Loopback);
        using (client)
        using (server)
        {
            var error = Assert.Throws<ErrnoException>(() => Splice.TryMove(server.Handle, client.Handle, 10, out _));
            Assert.Equal("splice", error.Call);
            Assert.Equal("EINVAL", error.ErrnoName);
        }
    }
}
