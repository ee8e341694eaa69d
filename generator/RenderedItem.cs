namespace Kiwi.Generator;

/// <summary>
/// One generated item of one platform: its rendered C# <see cref="Text"/> (what is compared across platforms) and a
/// short <see cref="Summary"/> of what the C compiler said about it (what the difference list shows).
/// </summary>
public sealed record RenderedItem(string Kind, string Name, string Text, string Summary)
{
    /// <summary>"struct epoll_event", "const O_DIRECT", "function socket".</summary>
    public string Key => $"{Kind} {Name}";
}
