using System;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>
/// One hostile call on a public member: what it is given (<see cref="Input"/>), what it must throw
/// (<see cref="Expected"/>, the exact type) and, for a failed system call, which call and errno name the
/// <see cref="Kiwi.Net.ErrnoException"/> must carry. <see cref="Run"/> gets a <see cref="Scope"/> that owns whatever
/// the case opens, so every descriptor is closed before the count of /proc/self/fd is compared.
/// </summary>
public sealed record BadInputCase(string Member, string Input, Type Expected, Action<Scope> Run, string? Call = null, string? Errno = null)
{
    /// <summary>The case's unique name, as the theory shows it.</summary>
    public string Name => $"{Member} <- {Input}";

    /// <inheritdoc/>
    public override string ToString() => Name;
}
