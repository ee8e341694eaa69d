using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Kiwi.Bench.Micro;

/// <summary>Short in-process runs with the memory diagnoser, so every row shows bytes allocated per call.</summary>
public sealed class MicroConfig : ManualConfig
{
    /// <summary>Builds the configuration every micro benchmark shares.</summary>
    public MicroConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray());
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
    }
}
