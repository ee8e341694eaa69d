using System.Threading;
using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.SignalDriven;

/// <summary>One registered descriptor: its handle (on which the registration holds a reference, so the number
/// cannot be closed and reused while signals may still name it), handler, and what poll asks for.</summary>
internal sealed class SignalIoRegistration
{
    private int _released;

    public SignalIoRegistration(FileDescriptorHandle handle, int descriptor, SignalIoHandler handler, PollEvents interest)
    {
        Handle = handle;
        Descriptor = descriptor;
        Handler = handler;
        Interest = interest;
    }

    public FileDescriptorHandle Handle { get; }

    public int Descriptor { get; }

    public SignalIoHandler Handler { get; }

    /// <summary>The events the registration-time check and the overflow re-poll ask <c>poll(2)</c> for.</summary>
    public PollEvents Interest { get; }

    /// <summary>Drops the reference taken at registration, once; the descriptor closes now if its owner already
    /// disposed it.</summary>
    public void Release()
    {
        // Unregister on another thread and the loop's shutdown may both reach here.
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Handle.DangerousRelease();
        }
    }
}
