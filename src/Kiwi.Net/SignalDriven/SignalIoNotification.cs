using Kiwi.Net.Multiplexing;

namespace Kiwi.Net.SignalDriven;

/// <summary>
/// One readiness report handed to a <see cref="SignalIoHandler"/>: which registered descriptor, why
/// (<see cref="Reason"/>, the signal's <c>si_code</c>) and its band (<see cref="Band"/>, the signal's <c>si_band</c>
/// <c>POLL*</c> bits, or <c>revents</c> when poll found it). A hint, like every readiness report: read or write until
/// <c>EAGAIN</c> and expect the occasional spurious one.
/// </summary>
public readonly struct SignalIoNotification
{
    /// <summary>Creates a report.</summary>
    public SignalIoNotification(FileDescriptorHandle handle, int descriptor, SignalIoReason reason, PollEvents band)
    {
        Handle = handle;
        Descriptor = descriptor;
        Reason = reason;
        Band = band;
    }

    /// <summary>The handle that was registered (kept open by the registration until it is unregistered).</summary>
    public FileDescriptorHandle Handle { get; }

    /// <summary>The descriptor number: the signal's <c>si_fd</c>, or the polled <c>fd</c>.</summary>
    public int Descriptor { get; }

    /// <summary>The <c>si_code</c> (<c>POLL_IN</c>, <c>POLL_OUT</c>, …), or <see cref="SignalIoReason.Polled"/>.</summary>
    public SignalIoReason Reason { get; }

    /// <summary>The <c>POLL*</c> bits: <c>si_band</c> of the signal (<c>POLL_IN</c> gives <c>POLLIN|POLLRDNORM</c>,
    /// <c>POLL_HUP</c> gives <c>POLLHUP|POLLERR</c>), or <c>revents</c> from <c>poll(2)</c>.</summary>
    public PollEvents Band { get; }

    /// <summary>True when the band says there is something to read (<c>POLLIN</c>, <c>POLLHUP</c> or <c>POLLERR</c>:
    /// a read then returns data, end of stream or the error).</summary>
    public bool IsReadable => (Band & (PollEvents.In | PollEvents.HangUp | PollEvents.Error)) != 0;

    /// <inheritdoc/>
    public override string ToString() => $"fd {Descriptor}: {Reason} ({Band})";
}
