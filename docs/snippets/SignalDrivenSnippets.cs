using System;
using System.Text;
using System.Threading;
using Kiwi.Net;
using Kiwi.Net.SignalDriven;

namespace Kiwi.Docs.Snippets;

/// <summary>The code of docs/SIGNAL_DRIVEN_IO.md.</summary>
public static class SignalDrivenSnippets
{
    public static string Register(LinuxSocket socket, LinuxSocket peer)
    {
        socket.IsNonBlocking = true;
        StringBuilder seen = new();
        using ManualResetEventSlim done = new();
        byte[] buffer = new byte[256];
        #region signal-driven-register
        using SignalDrivenIo io = new();                           // one dedicated thread
        io.Register(socket.Handle, n =>                            // called on that thread
        {
            // n.Descriptor (si_fd), n.Reason (si_code: In, Out, Priority, HangUp...), n.Band (si_band POLL* bits)
            while (n.Handle.TryRead(buffer, out int read) && read > 0)
            {
                seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
                done.Set();
            }
        });
        #endregion
        peer.SendAll("signalled"u8);
        done.Wait(TimeSpan.FromSeconds(10));
        io.Unregister(socket.Handle);
        return seen.ToString();
    }
}
