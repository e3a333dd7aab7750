using System.Globalization;

namespace Omk.Benchmarks;

/// <summary>
/// Whole-process cost of <c>omk proof</c> with 5 gates running <c>true</c>, against a shell script running
/// the same 5 commands and against the CLI's own start-up (<c>omk --version</c>), all measured in the same
/// run: overhead per gate = (proof − start-up − script) / 5.
/// </summary>
internal sealed class ProofBenchmark : IBenchmark
{
    private const int Gates = 5;
    private const int ManyGates = 25;

    public string Name => "proof";

    public string Description => "omk proof with 5 `true` gates vs a shell script running them (per-gate overhead)";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var omk = OmkLocation.OmkDll;
        if (!File.Exists(omk))
        {
            await Console.Error.WriteLineAsync($"omk.dll not built ({omk}).");
            return 1;
        }

        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-proof-{Guid.NewGuid():N}");
        var repo = Path.Combine(work, "repo");
        Directory.CreateDirectory(repo);
        try
        {
            Run(repo, "git", "init", "-q", "-b", "main");
            Run(repo, "git", "-c", "user.email=b@omk.invalid", "-c", "user.name=bench", "commit", "-q", "--allow-empty", "-m", "init");
            var script = Path.Combine(work, "five.sh");
            await File.WriteAllTextAsync(script, string.Concat(Enumerable.Repeat("true\n", Gates)));

            var runs = Math.Max(options.Runs, 10);
            string[] proofArgs = [omk, "proof", "--no-reuse", "--repo", repo, "--state-dir", Path.Combine(work, "state"), .. Enumerable.Range(1, Gates).SelectMany(i => new[] { "--gate", $"g{i}=true" })];
            var startup = Median(runs, () => Run(repo, "dotnet", omk, "--version"));
            var shell = Median(runs, () => Run(repo, "bash", script));
            var proof = Median(runs, () => Run(repo, "dotnet", proofArgs));
            var perGate = (proof - startup - shell) / Gates;
            string[] manyArgs = [omk, "proof", "--no-reuse", "--repo", repo, "--state-dir", Path.Combine(work, "state"), .. Enumerable.Range(1, ManyGates).SelectMany(i => new[] { "--gate", $"g{i}=true" })];
            var many = Median(runs, () => Run(repo, "dotnet", manyArgs));
            var marginal = (many - proof) / (ManyGates - Gates);

            Console.WriteLine($"## omk proof, {Gates} gates running `true` (median of {runs} runs)");
            Console.WriteLine();
            Console.WriteLine("| case | wall time | ratio to shell script |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine(Row("bash script running the 5 commands (baseline)", shell, shell));
            Console.WriteLine(Row("omk --version (CLI start-up)", startup, shell));
            Console.WriteLine(Row("omk proof with the 5 gates", proof, shell));
            Console.WriteLine(Row($"omk proof with {ManyGates} gates", many, shell));
            Console.WriteLine();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Overhead per gate beyond CLI start-up and the commands themselves, 5 gates: {perGate:0.0} ms (target ≤ 20 ms); whole run beyond start-up: {proof - startup:0} ms; marginal cost of one more gate ({Gates} → {ManyGates}): {marginal:0.0} ms."));
            Console.WriteLine();
            return 0;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static string Row(string name, double ms, double baseline) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms:0.0} ms | {ms / baseline:0.00}× |");

    private static double Median(int runs, Func<string> run) => ProcessTimer.Median(runs, () => run()).WallMs;

    private static string Run(string workingDirectory, string program, params string[] args) => ProcessTimer.Run(workingDirectory, program, args);
}
