using System;
using Kiwi.Tests.Shared;

namespace Kiwi.Reactor.Tests.Examples;

/// <summary>examples/Demo, what `./build.sh demo` runs: it must finish by itself, succeed and say what happened.</summary>
public sealed class DemoExampleTests
{
    [Fact]
    public void RunsToTheEndAndNamesEveryStep()
    {
        using var demo = ExampleProcess.Start("Demo");
        Assert.True(demo.WaitForExit(TimeSpan.FromSeconds(60)), $"the demo did not end; it printed:{Environment.NewLine}{demo.Output}");
        string output = demo.Output;
        Assert.True(demo.ExitCode == 0, $"exit code {demo.ExitCode}; it printed:{Environment.NewLine}{output}");
        Assert.Contains("[server] listening on 127.0.0.1:", output);
        Assert.Contains("[client] connection up", output);
        Assert.Contains("[server] connection up", output);
        Assert.Contains("[client] received 12 bytes back: \"Hello, Kiwi!\" (intact)", output);
        Assert.Contains("[client] received 65536 bytes back", output);
        Assert.Contains("[server] connection down", output);
        Assert.Contains("[client] connection down", output);
        Assert.Contains("[demo] done", output);
        Assert.DoesNotContain("FAILED", output);
        Assert.DoesNotContain("stderr:", output);
    }
}
