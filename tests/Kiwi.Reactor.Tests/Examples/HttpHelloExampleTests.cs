using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Tests.Shared;

namespace Kiwi.Reactor.Tests.Examples;

/// <summary>examples/HttpHello run as a program, driven by curl and by a raw socket.</summary>
public sealed class HttpHelloExampleTests
{
    private const string KeepAliveResponse =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\nHello, World!";

    private const string CloseResponse =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, World!";

    [Fact]
    public void CurlGetsHelloWorldTwiceOnOneKeptAliveConnection()
    {
        using var server = ExampleProcess.Start("HttpHello", "-p", "0", "-t", "1", "--exit-after", "30");
        IPEndPoint endpoint = server.WaitForListening();
        string url = $"http://{endpoint}/";
        (int exitCode, string body, string trace) = RunCurl("-s", "-v", "--max-time", "10", url, url);
        Assert.True(exitCode == 0, $"curl exited with {exitCode}:{Environment.NewLine}{trace}");
        Assert.Equal("Hello, World!Hello, World!", body);
        Assert.True(
            trace.Contains("Re-using existing connection", StringComparison.Ordinal) || trace.Contains("Reusing existing connection", StringComparison.Ordinal),
            $"curl opened a second connection instead of reusing the first:{Environment.NewLine}{trace}");
        Assert.Contains("HTTP/1.1 200 OK", trace);
    }

    [Fact]
    public void PipelinedFragmentedRequestsAreAnsweredInOrderAndConnectionCloseIsHonoured()
    {
        using var server = ExampleProcess.Start("HttpHello", "-p", "0", "--exit-after", "30");
        using Socket client = SocketTestExtensions.Connect(server.WaitForListening());
        byte[] requests = Encoding.ASCII.GetBytes(
            "GET / HTTP/1.1\r\nHost: test\r\n\r\n" +
            "POST /form HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello" +
            "GET /last HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n" +
            "GET /ignored HTTP/1.1\r\n\r\n");
        for (int offset = 0; offset < requests.Length; offset += 7)
        {
            client.Send(requests.AsSpan(offset, Math.Min(7, requests.Length - offset)));
            Thread.Sleep(1);
        }
        Assert.Equal(KeepAliveResponse + KeepAliveResponse + CloseResponse, ReceiveUntilClosed(client));
    }

    [Theory]
    [InlineData("GET / HTTP/1.0\r\n\r\n", CloseResponse)]
    [InlineData("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET / HTTP/1.0\r\n\r\n", KeepAliveResponse + CloseResponse)]
    [InlineData("GET / HTTP/1.1\r\nConnection: keep-alive, Close\r\n\r\n", CloseResponse)]
    [InlineData("HELLO\r\n\r\n", "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    public void VersionAndConnectionHeaderDecideWhetherTheConnectionStays(string request, string expected)
    {
        using var server = ExampleProcess.Start("HttpHello", "-p", "0", "--exit-after", "30");
        using Socket client = SocketTestExtensions.Connect(server.WaitForListening());
        client.Send(Encoding.ASCII.GetBytes(request));
        Assert.Equal(expected, ReceiveUntilClosed(client));
    }

    private static string ReceiveUntilClosed(Socket client)
    {
        var text = new StringBuilder();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = client.Receive(chunk)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(chunk, 0, n));
        }
        return text.ToString();
    }

    private static (int ExitCode, string Stdout, string Stderr) RunCurl(params string[] args)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        Process curl;
        try
        {
            curl = Process.Start(info) ?? throw new InvalidOperationException("curl did not start");
        }
        catch (Win32Exception error)
        {
            Assert.Fail($"curl is not installed ({error.Message}); `./build.sh test` installs it, or `apt-get install curl`.");
            throw;
        }
        using (curl)
        {
            Task<string> stdout = curl.StandardOutput.ReadToEndAsync();
            Task<string> stderr = curl.StandardError.ReadToEndAsync();
            if (!curl.WaitForExit(Wait.Limit))
            {
                curl.Kill();
                Assert.Fail("curl did not finish");
            }
            return (curl.ExitCode, Wait.Result(stdout, "curl's output"), Wait.Result(stderr, "curl's trace"));
        }
    }
}
