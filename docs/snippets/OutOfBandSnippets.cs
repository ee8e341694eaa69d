using System;
using System.Text;
using Kiwi.Net;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/OUT_OF_BAND.md, on a connected TCP pair over loopback (urgent data is TCP's).</summary>
public static class OutOfBandSnippets
{
    public static string SendAndReceive(LinuxSocket client, LinuxSocket server)
    {
        #region oob-send-receive
        client.SendAll("normal"u8);
        client.Send("!"u8, MessageFlags.OutOfBand);                // send(MSG_OOB): TCP carries one urgent byte

        Span<PollDescriptor> watch = [new PollDescriptor(server.Handle.DangerousGetDescriptor(), PollEvents.Priority)];
        Poll.Wait(watch, timeoutMs: 5000);                         // POLLPRI: urgent data waits (EPOLLPRI, select's except set)
        Span<byte> urgent = stackalloc byte[1];
        server.Receive(urgent, MessageFlags.OutOfBand);            // recv(MSG_OOB): the urgent byte, out of the stream
        Span<byte> normal = stackalloc byte[16];
        int length = server.Receive(normal);                       // "normal": the stream goes on without it
        #endregion
        return $"{(char)urgent[0]} {Encoding.ASCII.GetString(normal[..length])}";
    }

    public static string Inline(LinuxSocket client, LinuxSocket server)
    {
        #region oob-inline
        server.Options.OutOfBandInline = true;                     // SO_OOBINLINE: the urgent byte stays in the stream
        client.SendAll("ab"u8);
        client.Send("!"u8, MessageFlags.OutOfBand);
        client.SendAll("cd"u8);

        StringBuilder beforeMark = new();
        Span<byte> one = stackalloc byte[1];
        RawDescriptor.WaitFor(server.Handle.DangerousGetDescriptor(), PollEvents.Priority, timeoutMs: 5000);
        while (!server.IsAtMark())                                 // sockatmark(3): is the next byte the urgent one?
        {
            server.Receive(one);
            beforeMark.Append((char)one[0]);                       // "ab"
        }
        server.Receive(one);                                       // '!', read in line
        #endregion
        return $"{beforeMark} then {(char)one[0]}";
    }
}
