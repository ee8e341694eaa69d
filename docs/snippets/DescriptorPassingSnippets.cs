using System.Text;
using Kiwi.Net;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/DESCRIPTOR_PASSING.md.</summary>
public static class DescriptorPassingSnippets
{
    public static string PassAPipe()
    {
        #region passing-rights
        var (left, right) = LinuxSocket.CreatePair(SocketKind.Stream);
        using LinuxSocket sender = left, receiver = right;
        var (readEnd, writeEnd) = PipeHandle.CreatePair();
        using PipeHandle pipeOut = readEnd;

        sender.SendMessage("a pipe for you"u8, [writeEnd]);        // sendmsg(2) with SCM_RIGHTS
        writeEnd.Dispose();                                        // ours may go: the message holds the pipe open

        byte[] text = new byte[64];
        ReceivedMessage message = receiver.ReceiveMessage(text, maxDescriptors: 4);
        using FileDescriptorHandle passed = message.Descriptors[0];   // a new number, close-on-exec, owned here
        passed.Write("written through the passed end"u8);
        #endregion
        byte[] piped = new byte[64];
        int length = pipeOut.Read(piped);
        return $"{Encoding.ASCII.GetString(text, 0, message.BytesReceived)} / {Encoding.ASCII.GetString(piped, 0, length)}";
    }

    public static bool PassASocket()
    {
        #region passing-socket
        var (left, right) = LinuxSocket.CreatePair(SocketKind.Stream);
        using LinuxSocket sender = left, receiver = right;
        var (ours, theirs) = LinuxSocket.CreatePair(SocketKind.Stream);
        using LinuxSocket kept = ours;

        sender.SendMessage("x"u8, [theirs.Handle]);                // any FileDescriptorHandle, a socket's too
        theirs.Dispose();
        ReceivedMessage message = receiver.ReceiveMessage(new byte[1]);
        using LinuxSocket arrived = LinuxSocket.Adopt(message.Descriptors[0]);   // now a socket again
        arrived.SendAll("hello"u8);
        #endregion
        byte[] buffer = new byte[5];
        return kept.Receive(buffer) == 5 && Encoding.ASCII.GetString(buffer) == "hello";
    }

    public static (UnixCredentials? Seen, UnixCredentials Expected) Credentials()
    {
        #region passing-credentials
        var (left, right) = LinuxSocket.CreatePair(SocketKind.Stream);
        using LinuxSocket sender = left, receiver = right;
        receiver.Options.PassCredentials = true;                   // SO_PASSCRED: attach them to every message
        sender.SendMessage("who am I"u8, credentials: UnixCredentials.OfThisProcess());   // SCM_CREDENTIALS
        ReceivedMessage message = receiver.ReceiveMessage(new byte[16]);
        UnixCredentials? seen = message.Credentials;               // pid, uid, gid, checked by the kernel
        UnixCredentials peer = receiver.Options.PeerCredentials;   // SO_PEERCRED: who made the other end
        #endregion
        return (seen, peer);
    }
}
