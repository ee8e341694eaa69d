namespace Kiwi.Net.Proactor;

/// <summary>Receives one completion of a <see cref="Proactor"/> operation, on the Proactor's ring thread. A static
/// lambda with the operation's state object allocates nothing per call.</summary>
/// <param name="completion">The operation's outcome (<c>io_uring_cqe.res</c>) and the state it was submitted with.</param>
public delegate void CompletionHandler(in ProactorCompletion completion);
