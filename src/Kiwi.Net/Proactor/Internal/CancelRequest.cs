namespace Kiwi.Net.Proactor;

/// <summary>A fired <see cref="System.Threading.CancellationToken"/> for one awaited operation, carried to the ring
/// thread; <see cref="Version"/> tells the operation it was made for from a later use of the same pooled object.</summary>
internal sealed record CancelRequest(ProactorOperation Operation, short Version);
