using System;
using System.Net;
using Kiwi.Net;

namespace Kiwi.Examples;

/// <summary>The listening socket of every example server, and the line that announces it.</summary>
internal static class ExampleListener
{
    /// <summary>socket/bind/listen, then prints <c>listening on ADDRESS:PORT</c> (the port the kernel chose when
    /// 0 was asked), the one line tests and scripts wait for.</summary>
    /// <param name="address">The address to bind (<see cref="IPAddress.Any"/> is INADDR_ANY).</param>
    /// <param name="port">The port; 0 lets the kernel pick a free one.</param>
    /// <param name="backlog"><c>listen</c>'s queue of connections not yet accepted.</param>
    /// <param name="flags">Flags of the listening socket (non-blocking for multiplexed servers).</param>
    public static LinuxSocket Open(IPAddress address, int port, int backlog, SocketCreationFlags flags)
    {
        LinuxSocket listener = LinuxSocket.Create(SocketDomains.Of(address), SocketKind.Stream, flags);
        try
        {
            // A restarted server can bind its port at once, despite connections of its last run in TIME_WAIT.
            listener.Options.ReuseAddress = true;
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(backlog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        Console.WriteLine($"listening on {listener.LocalEndPoint}");
        return listener;
    }

    /// <summary>A non-blocking listener on <c>--host</c> and <c>-p</c>, as every multiplexed example uses.</summary>
    /// <param name="options">The parsed command line.</param>
    /// <param name="backlog"><c>listen</c>'s queue of connections not yet accepted.</param>
    public static LinuxSocket OpenNonBlocking(ExampleOptions options, int backlog)
        => Open(HostAddress(options), options.Port, backlog, SocketCreationFlags.NonBlocking | SocketCreationFlags.CloseOnExec);

    /// <summary>The address of <c>--host</c> (127.0.0.1 by default): a literal address, or a name resolved with
    /// DNS (its first IPv4 address, else its first address).</summary>
    public static IPAddress HostAddress(ExampleOptions options)
    {
        if (IPAddress.TryParse(options.Host, out IPAddress? address))
        {
            return address;
        }
        IPAddress[] resolved = Dns.GetHostAddresses(options.Host);
        return Array.Find(resolved, a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? (resolved.Length > 0 ? resolved[0] : throw new ArgumentException($"--host {options.Host} has no address"));
    }
}
