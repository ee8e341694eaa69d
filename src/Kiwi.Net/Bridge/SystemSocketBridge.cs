using System;
using System.Net.Sockets;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.Bridge;

/// <summary>
/// Moves sockets between Kiwi.Net and <c>System.Net.Sockets</c> so that no descriptor is ever closed twice:
/// <see cref="HandOverToSystemSocket"/> gives a <see cref="LinuxSocket"/>'s descriptor to a new
/// <see cref="Socket"/> (for <see cref="NetworkStream"/>, <c>SslStream</c>...); <see cref="AdoptAsLinuxSocket"/>
/// moves a <see cref="Socket"/>'s connection into a <see cref="LinuxSocket"/> that owns it; and
/// <see cref="BorrowAsLinuxSocket"/> views a <see cref="Socket"/>'s descriptor as a <see cref="LinuxSocket"/> that
/// never closes it.
/// </summary>
/// <remarks>
/// <para><b>The blocking-mode trap.</b> <c>O_NONBLOCK</c> belongs to the open socket, which both sides see. A
/// <see cref="Socket"/> that .NET created or accepted is <i>blocking</i> until .NET itself needs it non-blocking
/// (its first asynchronous call, a timeout, <c>Blocking = false</c>), and from then on it stays non-blocking while
/// .NET emulates blocking calls. So a borrowed or adopted socket may be in either mode, and a <c>TryX</c> call or an
/// edge-triggered epoll registration on a blocking descriptor blocks the thread. Check
/// <see cref="LinuxSocket.IsNonBlocking"/>; on a borrowed socket change the mode through .NET
/// (<c>socket.Blocking = false</c>, which also sets <c>O_NONBLOCK</c>), never with <c>fcntl</c> behind its back.
/// <see cref="HandOverToSystemSocket"/> clears <c>O_NONBLOCK</c>, the state in which .NET expects a new Socket.</para>
/// <para>An <see cref="EpollHandle"/> needs no bridge: <c>epoll.Add(socket.SafeHandle, ...)</c> takes any
/// <c>SafeHandle</c>, a <see cref="SafeSocketHandle"/> too.</para>
/// </remarks>
public static class SystemSocketBridge
{
    /// <summary>
    /// Gives the descriptor to a new <see cref="Socket"/> (<c>new Socket(new SafeSocketHandle(fd, ownsHandle: true))</c>),
    /// which from now on alone closes it: <paramref name="socket"/> is left closed without closing the descriptor, so
    /// disposing it, before or after the <see cref="Socket"/>, does nothing. Clears <c>O_NONBLOCK</c> first
    /// (<c>fcntl(F_SETFL)</c>): .NET reads the mode once, here, and its synchronous calls and
    /// <see cref="NetworkStream"/> want a blocking socket; it switches to non-blocking by itself when it needs to.
    /// </summary>
    /// <param name="socket">A socket no other thread is using and no event loop, epoll set or Proactor still
    /// watches.</param>
    /// <returns>The <see cref="Socket"/> that owns the descriptor.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="socket"/> is closed.</exception>
    /// <exception cref="ErrnoException"><c>fcntl</c> failed.</exception>
    public static Socket HandOverToSystemSocket(this LinuxSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        int descriptor = socket.Handle.DangerousGetDescriptor();
        socket.IsNonBlocking = false;
        SafeSocketHandle owner = new(descriptor, ownsHandle: true);
        // From here on the descriptor is the new handle's alone: Kiwi's handle reads as closed and never closes it.
        socket.Handle.SetHandleAsInvalid();
        try
        {
            return new Socket(owner);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Moves <paramref name="socket"/>'s connection into a <see cref="LinuxSocket"/> that owns it: the descriptor is
    /// duplicated (<c>fcntl(F_DUPFD_CLOEXEC)</c>), then <paramref name="socket"/> is disposed, which closes only its own
    /// number. Each number is closed once, by its own owner, whatever the order (disposing
    /// <paramref name="socket"/> again is harmless). The mode is left as it was: see the blocking-mode trap above.
    /// </summary>
    /// <param name="socket">A socket with no operation in flight (.NET aborts pending ones when disposed, and then
    /// closes abortively). If .NET ran an asynchronous call on it, .NET's own epoll set keeps watching the
    /// connection until Kiwi closes it, which costs .NET at most a spurious wake-up.</param>
    /// <returns>A socket that owns the connection; dispose it.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="socket"/> is already disposed.</exception>
    /// <exception cref="ErrnoException"><c>fcntl(F_DUPFD_CLOEXEC)</c> failed (e.g. <c>EMFILE</c>); the Socket is then
    /// left open.</exception>
    public static LinuxSocket AdoptAsLinuxSocket(this Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        SafeSocketHandle dotnetHandle = socket.SafeHandle;
        LinuxSocket adopted;
        bool referenced = false;
        try
        {
            // Held so that another thread's Dispose cannot close the number while it is duplicated.
            dotnetHandle.DangerousAddRef(ref referenced);
            using LinuxSocket view = new(new SocketHandle((int)dotnetHandle.DangerousGetHandle(), ownsHandle: false));
            adopted = view.Duplicate();
        }
        finally
        {
            if (referenced)
            {
                dotnetHandle.DangerousRelease();
            }
        }
        socket.Dispose();
        return adopted;
    }

    /// <summary>
    /// Views <paramref name="socket"/>'s descriptor as a <see cref="LinuxSocket"/> that never closes it (a
    /// <see cref="SocketHandle"/> with <c>ownsHandle: false</c>): call Kiwi's methods on it, put it in an epoll set,
    /// and dispose it and the <see cref="Socket"/> in either order. It is valid only while <paramref name="socket"/>
    /// is open: once .NET closes the descriptor its number may name another file. The mode is .NET's: see the
    /// blocking-mode trap above.
    /// </summary>
    /// <param name="socket">An open socket that stays open for as long as the view is used.</param>
    /// <returns>A view to dispose when done; disposing it leaves the descriptor open.</returns>
    /// <exception cref="ObjectDisposedException"><paramref name="socket"/> is disposed.</exception>
    public static LinuxSocket BorrowAsLinuxSocket(this Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        SafeSocketHandle dotnetHandle = socket.SafeHandle;
        ObjectDisposedException.ThrowIf(dotnetHandle.IsClosed, socket);
        return new LinuxSocket(new SocketHandle((int)dotnetHandle.DangerousGetHandle(), ownsHandle: false));
    }
}
