using Omk.Benchmarks;

// Plain Stopwatch benchmarks (BenchmarkDotNet takes too long on small machines).
//   dotnet run -c Release --project benchmarks/Omk.Benchmarks -- [mode ...|all] [--runs N] [--count N] [--dir PATH]
// Each mode is one IBenchmark class; register new ones (proof, gates, ...) here.
IBenchmark[] benchmarks =
[
    new EventsBenchmark(),
    new ProofBenchmark(),
    new ActionBenchmark(),
    new ActionStartBenchmark(),
    new AgentsBenchmark(),
    new MsBuildBenchmark(),
    new GatesBenchmark(),
    new AgentRunBenchmark(),
    new EvidenceBenchmark(),
    new IntegrityBenchmark(),
    new StartupBenchmark(),
    new TeamsBenchmark(),
    new GoalsBenchmark(),
    new ReplayBenchmark(),
    new ShardsBenchmark(),
    new BudgetBenchmark(),
    new ReuseBenchmark(),
    new AffectedBenchmark(),
    new CachePruneBenchmark(),
];

if (args is ["raw-acp-client", var kimi, var work])
{
    return await AgentRunBenchmark.RawClientMainAsync(kimi, work);
}

BenchmarkOptions options;
List<string> modes;
try
{
    (options, modes) = BenchmarkOptions.Parse(args);
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync(error.Message);
    return 2;
}

if (modes is ["--help"] or ["-h"] or ["list"])
{
    Console.WriteLine("usage: Omk.Benchmarks [mode ...|all] [--runs N] [--count N] [--dir PATH]");
    foreach (var b in benchmarks)
    {
        Console.WriteLine($"  {b.Name,-10} {b.Description}");
    }

    return 0;
}

var selected = new List<IBenchmark>();
foreach (var mode in modes.Count == 0 ? ["all"] : modes)
{
    if (mode == "all")
    {
        selected.AddRange(benchmarks);
        continue;
    }

    var benchmark = benchmarks.FirstOrDefault(b => string.Equals(b.Name, mode, StringComparison.OrdinalIgnoreCase));
    if (benchmark is null)
    {
        await Console.Error.WriteLineAsync($"Unknown benchmark mode '{mode}'. Known: {string.Join(", ", benchmarks.Select(b => b.Name))}, all.");
        return 2;
    }

    selected.Add(benchmark);
}

var exitCode = 0;
foreach (var benchmark in selected.Distinct())
{
    var result = await benchmark.RunAsync(options);
    exitCode = Math.Max(exitCode, result);
}

return exitCode;
