using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Kiwi.Net;
using Kiwi.Net.Reactor;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/REACTOR.md.</summary>
public static class ReactorSnippets
{
    public static string EchoServer()
    {
        #region reactor-echo-server
        using EventLoopThread baseThread = new("echo-base");       // a loop needs a thread of its own
        EventLoop loop = baseThread.StartLoop();
        using TcpServer server = new(loop, new IPEndPoint(IPAddress.Loopback, 0), "echo") { LoopCount = 2 };
        server.Callbacks.Connection = connection =>                // up or down, on the connection's loop
        {
            if (connection.IsConnected)
            {
                connection.SetTcpNoDelay(true);
            }
        };
        server.Callbacks.Message = static (connection, input, receiveTime) => connection.Send(input);   // echo
        server.Start();                                            // listening when it returns
        #endregion
        using LinuxSocket client = LinuxSocket.Create(SocketDomain.Inet, SocketKind.Stream);
        client.Connect(server.LocalEndPoint!);
        client.SendAll("echo me"u8);
        byte[] reply = new byte[7];
        int filled = 0;
        while (filled < reply.Length)
        {
            RawDescriptor.WaitFor(client.Handle.DangerousGetDescriptor(), Kiwi.Net.Multiplexing.PollEvents.In, 10_000);
            filled += client.Receive(reply.AsSpan(filled));
        }
        return System.Text.Encoding.ASCII.GetString(reply);
    }

    public static string TakeLines(ByteBuffer input)
    {
        #region reactor-message
        // A Message callback sees everything received and not yet consumed: take whole lines, leave the rest.
        int end;
        string lines = "";
        while ((end = input.IndexOfCrlf()) >= 0)
        {
            lines += input.RetrieveAsString(end) + ";";
            input.Retrieve(2);                                     // the CRLF
        }
        #endregion
        return lines + "|" + input.ReadableBytes;
    }

    public static int Timers()
    {
        using EventLoopThread thread = new("timers");
        EventLoop loop = thread.StartLoop();
        using CountdownEvent ticked = new(3);
        #region reactor-timers
        TimerId every = loop.RunEvery(TimeSpan.FromMilliseconds(5), () =>   // from any thread; runs on the loop
        {
            if (!ticked.IsSet)
            {
                ticked.Signal();
            }
        });
        TimerId never = loop.RunAfter(TimeSpan.FromMinutes(5), () => throw new InvalidOperationException("cancelled"));
        loop.Cancel(never);                                        // it will not run
        ticked.Wait(TimeSpan.FromSeconds(10));
        loop.Cancel(every);
        loop.RunInLoop(() => { /* on the loop thread, after this poll */ });
        #endregion
        return ticked.CurrentCount;
    }

    public static async Task<string> Client(EndPoint serverAddress)
    {
        using EventLoopThread thread = new("client");
        EventLoop loop = thread.StartLoop();
        TaskCompletionSource<string> reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
        #region reactor-client
        using ReactorTcpClient client = new(loop, serverAddress, "client") { Reconnect = true };
        client.Connector.InitialRetryDelay = TimeSpan.FromMilliseconds(100);   // doubles per failure, up to MaxRetryDelay
        client.Callbacks.Connection = connection =>
        {
            if (connection.IsConnected)
            {
                connection.Send("hello");                          // thread-safe; queued if the socket is full
            }
        };
        client.Callbacks.Message = (connection, input, _) =>
        {
            if (input.ReadableBytes >= 5)
            {
                reply.TrySetResult(input.RetrieveAllAsString());
            }
        };
        client.Connect();                                          // retries until the server answers
        #endregion
        string text = await reply.Task.WaitAsync(TimeSpan.FromSeconds(10));
        client.Disconnect();
        return text;
    }
}
