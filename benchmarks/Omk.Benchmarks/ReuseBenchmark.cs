using System.Globalization;
using Omk.Git;

namespace Omk.Benchmarks;

/// <summary>
/// Reused gate results. (1) <c>omk proof</c> on an unchanged tree whose 5 gates all have a passed result in the cache,
/// against <c>omk --version</c> in the same rounds (target ≤ 3×), counting the gate processes started (target 0), with
/// <c>--no-reuse</c> for scale, and the floor: a .NET app published as omk that only runs the two git commands a reusing
/// proof needs and writes and fsyncs two small files. (2) The work tree's key on a repository of 50,000 files, clean and dirty, against
/// <c>git write-tree</c> alone (target ≤ 1.5×), with <c>git status</c> (which every run pays anyway) for scale.
/// </summary>
internal sealed class ReuseBenchmark : IBenchmark
{
    private const int Gates = 5;
    private const int Files = 50_000;

    public string Name => "reuse";

    public string Description => "omk proof with every gate reused vs omk --version; the work tree key on 50,000 files vs git write-tree";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var omk = OmkLocation.OmkDll;
        if (!File.Exists(omk))
        {
            await Console.Error.WriteLineAsync($"omk.dll not built ({omk}).");
            return 1;
        }

        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-reuse-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var runs = Math.Max(options.Runs, 10);
            var exit = ProofWithEveryGateReused(omk, work, runs);
            exit = Math.Max(exit, await TreeKeyAsync(work, Math.Max(options.Runs, 7)));
            return exit;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static int ProofWithEveryGateReused(string omk, string work, int runs)
    {
        var repo = Path.Combine(work, "repo");
        Directory.CreateDirectory(repo);
        Run(repo, null, "git", "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "README.md"), "# bench\n");
        Run(repo, null, "git", "add", "-A");
        Run(repo, null, "git", "-c", "user.email=b@omk.invalid", "-c", "user.name=bench", "commit", "-q", "-m", "init");
        var counter = Path.Combine(work, "gate-processes.txt");
        var environment = new Dictionary<string, string> { ["OMK_CACHE_DIR"] = Path.Combine(work, "cache") };
        string[] gates = [.. Enumerable.Range(1, Gates).SelectMany(i => new[] { "--gate", $"g{i}=!echo g{i} >> '{counter}'" })];
        string[] proof = [omk, "proof", "--repo", repo, "--state-dir", Path.Combine(work, "state"), .. gates];

        Run(repo, environment, "dotnet", proof); // stores the 5 passed results
        var floor = StartupBenchmark.PublishApp(Path.Combine(work, "floor"), "floor", FloorProgram);
        var spawnFloor = StartupBenchmark.PublishApp(Path.Combine(work, "spawn-floor"), "spawnfloor", ReuseSpawnFloor.Program);
        var floorFiles = Path.Combine(work, "floor-files");
        Directory.CreateDirectory(floorFiles);
        var stored = Lines(counter);
        // Alternating rounds: load drifts hit the baseline, the floor and omk alike.
        var timings = StartupBenchmark.Interleaved(runs, [
            () => Run(repo, environment, "dotnet", omk, "--version"),
            () => Run(repo, environment, "dotnet", floor, floorFiles),
            () => Run(repo, environment, "dotnet", spawnFloor, floorFiles),
            () => Run(repo, environment, "dotnet", proof),
        ]);
        var (startup, least, spawned, reused) = (timings[0], timings[1], timings[2], timings[3]);
        var started = Lines(counter) - stored;
        var forced = ProcessTimer.Median(runs, () => Run(repo, environment, "dotnet", [.. proof, "--no-reuse"]));

        Console.WriteLine($"## omk proof with every gate reused ({Gates} gates, median of {runs} runs)");
        Console.WriteLine();
        Console.WriteLine("| case | wall time | CPU time | ratio to omk --version (wall) | CPU ratio |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(Row("omk --version (baseline)", startup, startup));
        Console.WriteLine(Row("floor: a .NET app published as omk that runs git status and git rev-parse HEAD^{tree} and writes and fsyncs 2 small files", least, startup));
        Console.WriteLine(Row("the same floor with git started by posix_spawn (as omk does on Linux) instead of Process", spawned, startup));
        Console.WriteLine(Row($"omk proof, all {Gates} gates reused", reused, startup));
        Console.WriteLine(Row($"omk proof --no-reuse ({Gates} gates run)", forced, startup));
        Console.WriteLine();
        var ratio = reused.WallMs / startup.WallMs;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Gate processes started by the {runs + 1} reusing runs (warm-up included): {started} (target 0). Ratio {ratio:0.00}× (target ≤ 3×) {(ratio <= 3 && started == 0 ? "✅" : "❌")}; the floor {least.WallMs / startup.WallMs:0.00}× ({spawned.WallMs / startup.WallMs:0.00}× with posix_spawn)"));
        Console.WriteLine($"- load average at the end: {GatesBenchmark.LoadAverage()} on {Environment.ProcessorCount} cores");
        Console.WriteLine();
        return started == 0 ? 0 : 1;
    }

    private static async Task<int> TreeKeyAsync(string work, int runs)
    {
        var repo = Path.Combine(work, "big");
        Directory.CreateDirectory(repo);
        Run(repo, null, "git", "init", "-q", "-b", "main");
        for (var i = 0; i < Files; i++)
        {
            var directory = Path.Combine(repo, $"d{i / 500:000}", $"s{i / 50 % 10}");
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, $"f{i}.cs"), $"// file {i}\nclass C{i} {{ }}\n");
        }

        Run(repo, null, "git", "add", "-A");
        Run(repo, null, "git", "-c", "user.email=b@omk.invalid", "-c", "user.name=bench", "commit", "-q", "-m", "50k");
        Run(repo, null, "git", "status", "--porcelain"); // refreshes the index's stat data, as any earlier git command would

        var writeTree = ProcessTimer.Median(runs, () => Run(repo, null, "git", "write-tree"));
        var status = ProcessTimer.Median(runs, () => Run(repo, null, "git", "status", "--porcelain=v2", "-z", "--untracked-files=all"));
        var git = new Omk.Git.GitCli(repo);
        var revParse = await ProcessTimer.MedianAsync(runs, async () => _ = await git.RunAsync("rev-parse", "HEAD"));
        var clean = await MedianAsync(runs, () => WorkTreeHash.ComputeAsync(repo, statusPaths: []));
        File.AppendAllText(Path.Combine(repo, "d000", "s0", "f0.cs"), "// changed\n");
        File.WriteAllText(Path.Combine(repo, "d000", "new.cs"), "// untracked\n");
        string[] changed = ["d000/s0/f0.cs", "d000/new.cs"];
        var dirty = await MedianAsync(runs, () => WorkTreeHash.ComputeAsync(repo, changed));
        var scanned = await MedianAsync(runs, () => WorkTreeHash.ComputeAsync(repo, statusPaths: null));

        Console.WriteLine($"## The work tree's key on {Files:N0} files (median of {runs} runs)");
        Console.WriteLine();
        Console.WriteLine("| case | wall time | CPU time | ratio to git write-tree (wall) | CPU ratio |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(Row("git write-tree alone (baseline)", writeTree, writeTree));
        Console.WriteLine(Row("git status, untracked files included (every run pays it already)", status, writeTree));
        Console.WriteLine(Row("one git rev-parse HEAD through omk's GitCli (in process: start, pipes, exit)", revParse, writeTree));
        Console.WriteLine(Row("key of a clean tree (git rev-parse: HEAD's tree)", clean, writeTree));
        Console.WriteLine(Row("key of a dirty tree, paths from omk's git status (rev-parse; hash-object, cat-file, mktree: HEAD's tree edited, no index)", dirty, writeTree));
        Console.WriteLine(Row("key of a tree with no status at hand (rev-parse, index copy, git add -A, write-tree)", scanned, writeTree));
        Console.WriteLine();
        return 0;
    }

    private static Task<ProcessTimer.Timing> MedianAsync(int runs, Func<Task<WorkTreeContent?>> compute) =>
        ProcessTimer.MedianAsync(runs, async () => _ = await compute() ?? throw new InvalidOperationException("no work tree key"));

    private static int Lines(string file) => File.Exists(file) ? File.ReadAllLines(file).Length : 0;

    private static string Row(string name, ProcessTimer.Timing timing, ProcessTimer.Timing baseline) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {timing.WallMs:0.0} ms | {(timing.CpuMs is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "–")} | {timing.WallMs / baseline.WallMs:0.00}× | {(timing.CpuMs is { } c && baseline.CpuMs is { } b ? (c / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–")} |");

    // The least a reusing proof must do beyond starting .NET: read the tree's state (one process start, as omk's first
    // git call; then HEAD's tree) and write the run's records durably (a log and a proof, each fsynced).
    private const string FloorProgram = """
        using System.Diagnostics;

        """ + ReuseSpawnFloor.Work + """

        static string Git(params string[] args)
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : throw new InvalidOperationException("git failed");
        }
        """;

    private static string Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string program, params string[] args) =>
        ProcessTimer.Run(workingDirectory, environment, program, args);
}
