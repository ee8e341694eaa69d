using System;

namespace Kiwi.Reliability.Tests.Support;

/// <summary>Sizes of the stress runs: small in CI, the full sizes in the tests marked <see cref="Category"/>, which only <c>./build.sh soak</c> runs
/// (<c>./build.sh test</c> filters them out).</summary>
internal static class SoakMode
{
    /// <summary>The trait that keeps a test out of CI (<c>./build.sh test</c> filters it out).</summary>
    public const string Category = "Soak";

    /// <summary>A fixed seed for CI; soak runs pick a new one and print it.</summary>
    public static int Seed(bool soak) => soak ? Environment.TickCount : 20261202;
}
