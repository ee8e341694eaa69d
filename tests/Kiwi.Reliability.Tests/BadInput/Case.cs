using System;
using Kiwi.Net;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>Shorthands that build <see cref="BadInputCase"/>s.</summary>
internal static class Case
{
    /// <summary>The call must throw exactly <typeparamref name="T"/>.</summary>
    public static BadInputCase Throws<T>(string member, string input, Action<Scope> run) where T : Exception
        => new(member, input, typeof(T), run);

    /// <summary>The call must fail with an <see cref="ErrnoException"/> naming <paramref name="call"/> and <paramref name="errno"/>.</summary>
    public static BadInputCase Errno(string member, string input, string call, string errno, Action<Scope> run)
        => new(member, input, typeof(ErrnoException), run, call, errno);
}
