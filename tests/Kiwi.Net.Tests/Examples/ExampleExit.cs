using System;
using Kiwi.Tests.Shared;

namespace Kiwi.Net.Tests.Examples;

/// <summary>Assertions on how an example program ended.</summary>
internal static class ExampleExit
{
    /// <summary>How long a program may take to stop by itself.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Fails unless <paramref name="program"/> exits by itself within <paramref name="timeout"/> (by default
    /// <see cref="Timeout"/>) with <paramref name="exitCode"/>; the message shows what it printed.</summary>
    public static void AssertExits(ExampleProcess program, int exitCode, TimeSpan? timeout = null)
    {
        Assert.True(program.WaitForExit(timeout ?? Timeout), $"the program did not stop; it printed:{Environment.NewLine}{program.Output}");
        Assert.True(exitCode == program.ExitCode, $"exit code {program.ExitCode}, expected {exitCode}; it printed:{Environment.NewLine}{program.Output}");
    }
}
