namespace Kiwi.Net.Reactor;

// Write gathering: while the loop dispatches one ready channel, or runs the queued calls, what connections send
// is gathered and written once when that dispatch returns (TcpConnection.Output.cs), so that the answers to
// one read (a pipelined batch of requests) leave in one system call.
public sealed partial class EventLoop
{
    private readonly GatheredWriters _gatheredWriters = new();
    private bool _gathering;

    /// <summary>
    /// True while the loop dispatches an event (a channel's handlers, the timers) or runs its queued calls: sends
    /// made then are gathered and written when that dispatch returns. Loop thread.
    /// </summary>
    internal bool IsGathering => _gathering;

    /// <summary>Has <paramref name="writer"/> flushed when the current dispatch returns; once per dispatch. Loop thread, while <see cref="IsGathering"/>.</summary>
    internal void FlushWhenDispatchReturns(IGatheringWriter writer) => _gatheredWriters.Add(writer);

    // Ends a dispatch: writes what it gathered (with gathering still on, so a close callback's sends join in).
    private void EndGathering()
    {
        _gatheredWriters.FlushAll(this);
        _gathering = false;
    }
}
