using System.Diagnostics;
using System.Globalization;
using Omk.Processes;

namespace Omk.Benchmarks;

/// <summary>
/// What the integrity guarantees cost. (1) Output: <c>omk proof</c> on a gate printing 1 GB (flushed to its log as it
/// is read) against the same command writing to /dev/null, both as gates of <c>omk proof</c> and the command alone.
/// (2) Process ownership: five <c>true</c> processes through the runner with the leftover sweep (subreaper, tree marker,
/// one /proc snapshot) against the same without it, in the same process, and a whole 5-gate <c>omk proof</c>.
/// </summary>
internal sealed class IntegrityBenchmark : IBenchmark
{
    private const long Gigabyte = 1_000_000_000;

    public string Name => "integrity";

    public string Description => "omk proof on a gate printing 1 GB vs the command to /dev/null; cost of the leftover sweep per 5-gate run";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var omk = OmkLocation.OmkDll;
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-integrity-{Guid.NewGuid():N}");
        var repo = Path.Combine(work, "repo");
        Directory.CreateDirectory(repo);
        try
        {
            ProcessTimer.Run(repo, "git", "init", "-q", "-b", "main");
            ProcessTimer.Run(repo, "git", "-c", "user.email=b@omk.invalid", "-c", "user.name=bench", "commit", "-q", "--allow-empty", "-m", "init");
            var state = Path.Combine(work, "state");
            var print = $"yes {new string('x', 99)} | head -c {Gigabyte.ToString(CultureInfo.InvariantCulture)}";
            var runs = Math.Max(options.Runs, 3);

            var alone = ProcessTimer.Median(runs, () => ProcessTimer.Run(repo, "bash", "-c", print + " > /dev/null"));
            var file = Path.Combine(work, "output.txt");
            var toFile = ProcessTimer.Median(runs, () => ProcessTimer.Run(repo, "bash", "-c", $"{print} > '{file}'"), () => File.Delete(file));
            File.Delete(file);
            var toNull = ProcessTimer.Median(runs, () => ProcessTimer.Run(repo, "dotnet", omk, "proof", "--no-reuse", "--state-dir", state, "--gate", $"big=!{print} > /dev/null"), () => Clean(state));
            var captured = ProcessTimer.Median(runs, () => ProcessTimer.Run(repo, "dotnet", omk, "proof", "--no-reuse", "--state-dir", state, "--gate", $"big=!{print}"), () => Clean(state));

            Console.WriteLine($"## A gate printing 1 GB (median of {runs} runs; the state dir and the file on the same file system)");
            Console.WriteLine();
            Console.WriteLine("| case | wall time | CPU time | wall ratio to the gate writing to /dev/null | wall ratio to the command writing a file |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine(Row("the command alone, to /dev/null", alone, toNull.WallMs, toFile.WallMs));
            Console.WriteLine(Row("the command alone, to a file (the cost of writing 1 GB at all)", toFile, toNull.WallMs, toFile.WallMs));
            Console.WriteLine(Row("omk proof, the gate writing to /dev/null", toNull, toNull.WallMs, toFile.WallMs));
            Console.WriteLine(Row("omk proof, the gate's 1 GB captured and flushed to its log", captured, toNull.WallMs, toFile.WallMs));
            Console.WriteLine();

            var sweep = Sweep(repo, leaveNoDescendants: true, options.Runs);
            var noSweep = Sweep(repo, leaveNoDescendants: false, options.Runs);
            var fiveGates = ProcessTimer.Median(Math.Max(options.Runs, 10), () => ProcessTimer.Run(
                repo, "dotnet", [omk, "proof", "--no-reuse", "--state-dir", state, .. Enumerable.Range(1, 5).SelectMany(i => new[] { "--gate", $"g{i}=true" })]), () => Clean(state));
            Console.WriteLine($"## Process ownership: five `true` processes through the runner (median of {Math.Max(options.Runs, 20)} rounds, in one process)");
            Console.WriteLine();
            Console.WriteLine("| case | 5 processes | ratio |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| without the leftover sweep (baseline) | {noSweep:0.0} ms | 1.00× |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| with the leftover sweep (subreaper, tree marker, /proc snapshot) | {sweep:0.0} ms | {sweep / noSweep:0.00}× |"));
            Console.WriteLine();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"The sweep adds {(sweep - noSweep) / 5:0.00} ms per gate; a whole 5-gate omk proof takes {fiveGates.WallMs:0} ms, so it is {(sweep - noSweep) / fiveGates.WallMs * 100:0.0}% of it."));
            Console.WriteLine();
            return await Task.FromResult(0);
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    // Five `true` gates' worth of processes, timed in this process so that only the runner's own work differs.
    private static double Sweep(string directory, bool leaveNoDescendants, int runs)
    {
        var runner = new ProcessRunner();
        var spec = new ProcessSpec(new ProcessCommand("true", []), directory) { LeaveNoDescendants = leaveNoDescendants };
        var rounds = new List<double>();
        for (var i = 0; i < Math.Max(runs, 20) + 2; i++)
        {
            var watch = Stopwatch.StartNew();
            for (var g = 0; g < 5; g++)
            {
                runner.RunAsync(spec).GetAwaiter().GetResult();
            }

            if (i >= 2)
            {
                rounds.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        rounds.Sort();
        return rounds[rounds.Count / 2];
    }

    private static void Clean(string state)
    {
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static string Row(string name, ProcessTimer.Timing timing, double toNull, double toFile) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {timing.WallMs / 1000:0.00} s | {(timing.CpuMs is { } cpu ? (cpu / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s" : "–")} | {timing.WallMs / toNull:0.00}× | {timing.WallMs / toFile:0.00}× |");
}
