using Kiwi.Interop;

namespace Kiwi.Net.Multiplexing;

/// <summary>One entry of <see cref="Poll.Wait"/>: a <c>struct pollfd</c> (it holds exactly one, so a span of these
/// is passed to <c>poll(2)</c> as is) with typed flags.</summary>
public struct PollDescriptor
{
    private pollfd _native;

    /// <summary>Watches <paramref name="descriptor"/> for <paramref name="events"/>.</summary>
    /// <param name="descriptor">The descriptor (<c>fd</c>); a negative one is ignored by <c>poll</c>.</param>
    /// <param name="events">What to wait for (<c>events</c>).</param>
    public PollDescriptor(int descriptor, PollEvents events)
    {
        _native = new pollfd { fd = descriptor, events = (short)events };
    }

    /// <summary><c>fd</c>: the watched descriptor; negative to skip the entry.</summary>
    public int Descriptor
    {
        readonly get => _native.fd;
        set => _native.fd = value;
    }

    /// <summary><c>events</c>: what to wait for.</summary>
    public PollEvents Events
    {
        readonly get => (PollEvents)_native.events;
        set => _native.events = (short)value;
    }

    /// <summary><c>revents</c>: what happened, written by <c>poll</c>.</summary>
    public PollEvents ReturnedEvents
    {
        readonly get => (PollEvents)_native.revents;
        set => _native.revents = (short)value;
    }
}
