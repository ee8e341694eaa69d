namespace Kiwi.Net.Reactor;

/// <summary>
/// A writer that gathers what is sent to it while its loop dispatches (an event's handlers, the timers, the queued
/// calls) and writes it in one system call when that dispatch returns. Loop thread only.
/// </summary>
internal interface IGatheringWriter
{
    /// <summary>Writes what was gathered during the dispatch that just returned.</summary>
    void FlushGathered();
}
