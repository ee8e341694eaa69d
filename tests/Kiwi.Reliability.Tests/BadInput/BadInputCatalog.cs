using System;
using System.Collections.Generic;
using System.Linq;

namespace Kiwi.Reliability.Tests.BadInput;

/// <summary>Every bad-input case, by unique name.</summary>
internal static class BadInputCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, BadInputCase>> s_byName = new(() =>
        SocketCases.All()
            .Concat(OptionAndDescriptorCases.All())
            .Concat(ReactorCases.All())
            .Concat(BufferProactorSignalCases.All())
            .ToDictionary(c => c.Name));

    /// <summary>The cases, by <see cref="BadInputCase.Name"/> (a duplicate name fails at load).</summary>
    public static IReadOnlyDictionary<string, BadInputCase> ByName => s_byName.Value;
}
