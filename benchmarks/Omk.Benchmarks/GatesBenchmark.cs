using System.Diagnostics;
using System.Globalization;

namespace Omk.Benchmarks;

/// <summary>
/// Whole-process cost of <c>omk gates list</c> over 5 F# gate scripts, cold (no compile cache: the scripts are
/// compiled with FSharp.Compiler.Service) and warm (the cached assembly is loaded and run), against two baselines
/// measured in the same run: the CLI's own start-up (<c>omk --version</c>) and <c>dotnet fsi</c> running the same
/// 5 scripts one by one (what a FAKE-less, cache-less setup pays on every run).
/// </summary>
internal sealed class GatesBenchmark : IBenchmark
{
    private const double WarmTargetMs = 150;
    private const double ColdTargetMs = 4000;
    private const double FsiRatioTarget = 30;
    private const double ColdFsiRatioTarget = 0.2;

    public string Name => "gates";

    public string Description => "omk gates list over 5 F# gate scripts, cold and warm, vs omk --version and dotnet fsi";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var omk = OmkLocation.OmkDll;
        var api = Path.Combine(Path.GetDirectoryName(omk)!, "Omk.Gates.dll");
        if (!File.Exists(omk) || !File.Exists(api))
        {
            await Console.Error.WriteLineAsync($"omk.dll or Omk.Gates.dll not built ({omk}).");
            return 1;
        }

        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-gates-{Guid.NewGuid():N}");
        var repo = Path.Combine(work, "repo");
        Directory.CreateDirectory(repo);
        try
        {
            GateScriptsFixture.CommitTo(repo);
            // Compiled scripts live in the user's cache directory (OMK_CACHE_DIR): one of the benchmark's own, emptied for
            // a cold run (and the repository's .omk/cache, where older builds kept them).
            var cacheDir = Path.Combine(work, "cache");
            var environment = new Dictionary<string, string> { ["OMK_CACHE_DIR"] = cacheDir };
            string[] caches = [Path.Combine(repo, ".omk", "cache"), cacheDir];

            var warmRuns = Math.Max(options.Runs, 10);
            var coldRuns = Math.Max(options.Runs, 5);
            var fsiRounds = Math.Max(options.Runs, 3);

            // `omk gates list` is run the way a user runs it: in the repository, no options.
            string List() => ProcessTimer.Run(repo, environment, "dotnet", omk, "gates", "list");
            void ExpectList(string output, string how)
            {
                var header = $"{GateScriptsFixture.GateCount} gate(s) from gates/*.fsx ({GateScriptsFixture.ScriptCount} script(s)) ({how})";
                if (!output.StartsWith(header, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"omk gates list printed '{output.Split('\n')[0]}', expected '{header}'.");
                }
            }

            var startup = ProcessTimer.Median(warmRuns, () => ProcessTimer.Run(repo, "dotnet", omk, "--version"));
            var cold = ProcessTimer.Median(
                coldRuns,
                () => ExpectList(List(), "compiled"),
                before: () =>
                {
                    foreach (var cache in caches.Where(Directory.Exists))
                    {
                        Directory.Delete(cache, recursive: true);
                    }
                });
            var warm = ProcessTimer.Median(warmRuns, () => ExpectList(List(), "cached"));
            var fsi = ProcessTimer.Median(fsiRounds, () =>
            {
                foreach (var script in GateScriptsFixture.Scripts)
                {
                    ProcessTimer.Run(repo, "dotnet", "fsi", "-r:" + api, Path.Combine("gates", script));
                }
            });

            Console.WriteLine($"## omk gates list, {GateScriptsFixture.ScriptCount} F# gate scripts declaring {GateScriptsFixture.GateCount} gates " +
                              $"(median; start-up and warm {warmRuns} runs, cold {coldRuns} runs, dotnet fsi {fsiRounds} rounds of {GateScriptsFixture.ScriptCount} scripts)");
            Console.WriteLine();
            Console.WriteLine("| case | wall time | CPU time | wall vs `omk --version` | `dotnet fsi` total / case (wall) |");
            Console.WriteLine("|---|---|---|---|---|");
            Console.WriteLine(Row("`omk --version` (CLI start-up, baseline)", startup, startup, fsi));
            Console.WriteLine(Row($"`dotnet fsi -r:Omk.Gates.dll` on the {GateScriptsFixture.ScriptCount} scripts one by one, total (baseline)", fsi, startup, fsi));
            Console.WriteLine(Row("`omk gates list`, cold (no `.omk/cache`: compiles)", cold, startup, fsi));
            Console.WriteLine(Row("`omk gates list`, warm (cached assembly)", warm, startup, fsi));
            Console.WriteLine();
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"- warm ≤ {WarmTargetMs:0} ms: {warm.WallMs:0.0} ms {Mark(warm.WallMs <= WarmTargetMs)} (beyond start-up: {warm.WallMs - startup.WallMs:0.0} ms)"));
            Console.WriteLine(string.Create(c, $"- cold ≤ {ColdTargetMs / 1000:0} s: {cold.WallMs / 1000:0.00} s {Mark(cold.WallMs <= ColdTargetMs)}"));
            Console.WriteLine(string.Create(c, $"- warm ≥ {FsiRatioTarget:0}× faster than dotnet fsi: {fsi.WallMs / warm.WallMs:0.0}× {Mark(fsi.WallMs / warm.WallMs >= FsiRatioTarget)}"));
            Console.WriteLine(string.Create(c, $"- cold ≤ {ColdFsiRatioTarget:0.0}× dotnet fsi on the same scripts: {cold.WallMs / fsi.WallMs:0.00}× {Mark(cold.WallMs / fsi.WallMs <= ColdFsiRatioTarget)} (by CPU time: {(cold.CpuMs is { } cc && fsi.CpuMs is { } fc ? (cc / fc).ToString("0.00", c) : "–")}×)"));
            if (fsi.CpuMs is { } fsiCpu && warm.CpuMs is { } warmCpu)
            {
                Console.WriteLine(string.Create(c, $"- by CPU time (less sensitive to other load on the machine): warm {warmCpu:0.0} ms, dotnet fsi / warm {fsiCpu / warmCpu:0.0}×"));
            }

            Console.WriteLine(string.Create(c, $"- load average at the end: {LoadAverage()} on {Environment.ProcessorCount} cores"));
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

    private static string Mark(bool met) => met ? "✅ met" : "❌ missed";

    private static string Row(string name, ProcessTimer.Timing t, ProcessTimer.Timing startup, ProcessTimer.Timing fsi) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {Format(t.WallMs)} | {(t.CpuMs is { } cpu ? Format(cpu) : "–")} | {t.WallMs / startup.WallMs:0.00}× | {fsi.WallMs / t.WallMs:0.0}× |");

    internal static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Format(double ms) =>
        ms >= 1000 ? (ms / 1000).ToString("0.00 s", CultureInfo.InvariantCulture) : ms.ToString("0.0 ms", CultureInfo.InvariantCulture);
}
