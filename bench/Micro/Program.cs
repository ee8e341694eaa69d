using BenchmarkDotNet.Running;

// bench/Micro: `dotnet run -c Release --project bench/Micro -- --filter '*'` (BenchmarkDotNet's own options).
BenchmarkSwitcher.FromAssembly(typeof(Kiwi.Bench.Micro.MicroConfig).Assembly).Run(args, new Kiwi.Bench.Micro.MicroConfig());
