using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kiwi.Tests.Shared;

namespace Kiwi.Net.Tests.Examples;

/// <summary>The UdpEcho, Multicast, Ping and SendFile examples as child processes, talked to with
/// System.Net.Sockets over loopback. Not in the descriptor collection: the descriptors belong to the children.</summary>
public sealed class DatagramExampleTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void UdpEchoAnswersEveryDatagramOfABurstToItsSender(string host)
    {
        using ExampleProcess server = ExampleProcess.Start("UdpEcho", "--host", host, "-p", "0", "-b", "8", "--exit-after", "60");
        IPEndPoint endPoint = server.WaitForListening();
        Assert.Equal(IPAddress.Parse(host), endPoint.Address);
        using Socket first = new(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using Socket second = new(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        first.ReceiveTimeout = second.ReceiveTimeout = 10_000;

        // A burst larger than one batch (-b 8), from two senders: each gets exactly its own datagrams back.
        for (int i = 0; i < 20; i++)
        {
            first.SendTo(new[] { (byte)1, (byte)i }, endPoint);
            second.SendTo(new[] { (byte)2, (byte)i }, endPoint);
        }
        byte[] buffer = new byte[16];
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(2, first.Receive(buffer));
            Assert.Equal(new[] { (byte)1, (byte)i }, buffer[..2]);
            Assert.Equal(2, second.Receive(buffer));
            Assert.Equal(new[] { (byte)2, (byte)i }, buffer[..2]);
        }
    }

    [Fact]
    public void UdpEchoStopsByItselfAndReportsWhatItEchoed()
    {
        using ExampleProcess server = ExampleProcess.Start("UdpEcho", "-p", "0", "--exit-after", "2");
        IPEndPoint endPoint = server.WaitForListening();
        using Socket client = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
        client.SendTo("once"u8.ToArray(), endPoint);
        Assert.Equal(4, client.Receive(new byte[8]));

        ExampleExit.AssertExits(server, 0);
        Assert.Contains("echoed 1 datagrams in 1 batches", server.Output);
    }

    [Fact]
    public void MulticastReceiverGetsEveryDatagramTheSenderSendsToTheGroupOnLoopback()
    {
        using ExampleProcess program = ExampleProcess.Start("Multicast", "-g", "239.255.15.15", "-c", "3");
        ExampleExit.AssertExits(program, 0);
        Assert.Contains("joined 239.255.15.15 on lo", program.Output);
        for (int i = 1; i <= 3; i++)
        {
            Assert.Contains($"received 'datagram {i} of 3' from 127.0.0.1:", program.Output);
        }
        Assert.Contains("3 of 3 datagrams received", program.Output);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void PingPrintsOneTimeLinePerReplyAndThePingSummary(string host)
    {
        using ExampleProcess ping = ExampleProcess.Start("Ping", "-c", "3", "-i", "0.1", host);
        ExampleExit.AssertExits(ping, 0);

        string output = ping.Output;
        // Which socket depends on net.ipv4.ping_group_range (datagram) or privilege (raw); both must work.
        Assert.Matches(@"SOCK_(DGRAM|RAW) socket", output);
        for (int sequence = 1; sequence <= 3; sequence++)
        {
            Assert.Matches($@"64 bytes from {Regex.Escape(host)}: icmp_seq={sequence} ttl=\d+ time=\d+\.\d{{3}} ms", output);
        }
        Assert.Contains($"--- {host} ping statistics ---", output);
        Assert.Contains("3 packets transmitted, 3 received, 0% packet loss", output);
        Assert.Matches(@"rtt min/avg/max/mdev = \d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3} ms", output);
    }

    [Fact]
    public void PingWithoutAHostIsAUsageErrorWithExitCode2()
    {
        using ExampleProcess ping = ExampleProcess.Start("Ping", "-c", "1");
        ExampleExit.AssertExits(ping, 2);
        Assert.Contains("usage: Ping", ping.Output);
    }

    [Fact]
    public void SendFileServesTheWholeFileToEachClient()
    {
        string path = Path.GetTempFileName();
        try
        {
            byte[] content = new byte[1_500_000];
            new Random(15).NextBytes(content);
            File.WriteAllBytes(path, content);
            using ExampleProcess server = ExampleProcess.Start("SendFile", "-f", path, "-p", "0", "--exit-after", "60");
            IPEndPoint endPoint = server.WaitForListening();

            for (int client = 0; client < 2; client++)
            {
                using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
                socket.Connect(endPoint);
                using var received = new MemoryStream();
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = socket.Receive(buffer)) > 0)
                {
                    received.Write(buffer, 0, n);
                }
                Assert.True(content.AsSpan().SequenceEqual(received.ToArray()), $"client {client} got {received.Length} bytes");
            }
            Assert.Contains($"sent {content.Length} bytes to", server.WaitForLine($"sent {content.Length} bytes", TimeSpan.FromSeconds(10)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SendFileRefusesAMissingFileWithExitCode2()
    {
        using ExampleProcess server = ExampleProcess.Start("SendFile", "-f", "/nonexistent/kiwi-file");
        ExampleExit.AssertExits(server, 2);
        Assert.Contains("does not exist", server.Output);
    }
}
