namespace Kiwi.Net.SignalDriven;

/// <summary>Called on the <see cref="SignalDrivenIo"/> thread for each readiness report of a registered descriptor.
/// An exception it throws is reported through <see cref="SignalDrivenIo.Error"/>; the thread keeps running.</summary>
/// <param name="notification">The descriptor, reason and band.</param>
public delegate void SignalIoHandler(SignalIoNotification notification);
