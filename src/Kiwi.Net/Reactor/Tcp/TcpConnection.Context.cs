using System;

namespace Kiwi.Net.Reactor;

// A typed per-connection context that a message callback reads and updates without boxing.
public sealed partial class TcpConnection
{
    private object? _typedContext;

    /// <summary>
    /// The connection's context of type <typeparamref name="T"/>, by reference: the first call stores a default
    /// <typeparamref name="T"/> in a holder allocated once for the connection; later calls return the same storage, so
    /// <c>connection.ContextRef&lt;long&gt;()++</c> in a message callback neither boxes nor allocates. Separate from
    /// the untyped <see cref="Context"/>. Use from the connection's loop thread (or synchronise yourself).
    /// </summary>
    /// <typeparam name="T">The context's type; one type per connection.</typeparam>
    /// <exception cref="InvalidOperationException">The connection already holds a context of another type.</exception>
    public ref T ContextRef<T>()
    {
        if (_typedContext is ContextHolder<T> holder)
        {
            return ref holder.Value;
        }
        if (_typedContext is not null)
        {
            throw new InvalidOperationException(
                $"TcpConnection {Name} holds a {_typedContext.GetType().GenericTypeArguments[0].Name} context, not a {typeof(T).Name}.");
        }
        var created = new ContextHolder<T>();
        _typedContext = created;
        return ref created.Value;
    }

    private sealed class ContextHolder<T>
    {
        public T Value = default!;
    }
}
