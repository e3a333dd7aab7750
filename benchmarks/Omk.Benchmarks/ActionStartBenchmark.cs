using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Omk.Benchmarks;

/// <summary>
/// The GitHub Action's first step when both caches hit (the action program and the compiled gate scripts restored by
/// <c>actions/cache</c>): what action.yml runs before the first gate starts, timed here from the first step's start to
/// the first gate's <c>command_started</c> event (its timestamp in the run's log). The steps are those of action.yml:
/// the program key (hashing the action's source, the same shell pipeline), the program step finding the restored
/// program, <c>omk-action cache-key</c>, then the proof run over the 5 gate scripts of the gates benchmark, compiled
/// beforehand into the cache (one cheap gate selected, so the run ends soon after). The cache downloads themselves need
/// the real cache service and are not timed; the sizes of what they restore are printed. Target: &lt; 5 s to the first
/// gate. Baseline in the same rounds: <c>omk --version</c>.
/// </summary>
internal sealed class ActionStartBenchmark : IBenchmark
{
    public string Name => "action-start";

    public string Description => "the action's first step with both caches hit: start → first gate (target < 5 s)";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var action = OmkLocation.ActionDll;
        var omk = OmkLocation.OmkDll;
        if (!File.Exists(action) || !File.Exists(omk))
        {
            await Console.Error.WriteLineAsync($"omk-action.dll or omk.dll not built ({action}, {omk}).");
            return 1;
        }

        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-action-start-{Guid.NewGuid():N}");
        var repo = Path.Combine(work, "repo");
        Directory.CreateDirectory(repo);
        try
        {
            GateScriptsFixture.CommitTo(repo);
            var state = Path.Combine(work, "state");
            var cache = Path.Combine(work, "cache");
            var env = new Dictionary<string, string>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_EVENT_NAME"] = "push",
                ["GITHUB_REPOSITORY"] = "octo/widgets",
                ["GITHUB_RUN_ID"] = "1",
                ["GITHUB_WORKSPACE"] = repo,
                ["GITHUB_STEP_SUMMARY"] = Path.Combine(work, "summary.md"),
                ["GITHUB_OUTPUT"] = Path.Combine(work, "output.txt"),
                ["OMK_STATE_DIR"] = state,
                ["OMK_CACHE_DIR"] = cache,
                ["OMK_ACTION_PATH"] = OmkLocation.RepoRoot,
            };
            string[] proof = [action, "--working-directory", ".", "--gate-filter", "shellcheck", "--comment", "never", "--fail-on", "never", "--no-reuse", "true"]; // time to a gate that runs
            ProcessTimer.Run(repo, env, "dotnet", proof); // compiles the scripts into the cache: every run below hits it

            // The program key step of action.yml, as it runs there (bash, find, sort, sha256sum over the action's source).
            const string programKey = """
                cd "$OMK_ACTION_PATH" && find src global.json Directory.Build.props Directory.Packages.props -type f \
                  -not -path '*/bin/*' -not -path '*/obj/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-40
                """;
            var programFound = $"test -f '{action}'";
            var runs = Math.Max(options.Runs, 10);
            var version = new List<double>();
            var key = new List<double>();
            var found = new List<double>();
            var cacheKey = new List<double>();
            var firstGate = new List<double>();
            var whole = new List<double>();
            for (var round = -1; round < runs; round++)
            {
                var v = Time(() => ProcessTimer.Run(repo, "dotnet", omk, "--version"));
                var start = DateTimeOffset.UtcNow;
                var clock = Stopwatch.StartNew();
                var k = Time(() => ProcessTimer.Run(repo, env, "bash", "-c", programKey));
                var f = Time(() => ProcessTimer.Run(repo, env, "bash", "-c", programFound));
                var c = Time(() => ProcessTimer.Run(repo, env, "dotnet", action, "cache-key", "--working-directory", ".", "--gates-dir", string.Empty));
                ProcessTimer.Run(repo, env, "dotnet", proof);
                var all = clock.Elapsed.TotalMilliseconds;
                var gate = (FirstCommandStarted(state) - start).TotalMilliseconds;
                if (round >= 0)
                {
                    version.Add(v);
                    key.Add(k);
                    found.Add(f);
                    cacheKey.Add(c);
                    firstGate.Add(gate);
                    whole.Add(all);
                }
            }

            var c0 = CultureInfo.InvariantCulture;
            var toGate = ProcessTimer.MedianOf(firstGate);
            var baseline = ProcessTimer.MedianOf(version);
            Console.WriteLine($"## The action's first step with both caches hit (median of {runs} rounds)");
            Console.WriteLine();
            Console.WriteLine("| step | wall time | vs `omk --version` |");
            Console.WriteLine("|---|---|---|");
            void Row(string name, double ms) => Console.WriteLine(string.Create(c0, $"| {name} | {ms:0} ms | {ms / baseline:0.0}× |"));
            Row("`omk --version` (baseline)", baseline);
            Row("program key (hash of the action's source)", ProcessTimer.MedianOf(key));
            Row("program step, restored program found", ProcessTimer.MedianOf(found));
            Row("`omk-action cache-key` (key of the gate scripts)", ProcessTimer.MedianOf(cacheKey));
            Row("**first step's start → first gate started**", toGate);
            Row("first step's start → proof written (one gate)", ProcessTimer.MedianOf(whole));
            Console.WriteLine();
            Console.WriteLine(string.Create(c0, $"- target < 5 s to the first gate: {toGate / 1000:0.00} s {(toGate < 5000 ? "✅ met" : "❌ missed")}, plus the two cache downloads (not timed here)"));
            Console.WriteLine(string.Create(c0, $"- restored by the caches: the program folder {FolderMegabytes(Path.GetDirectoryName(Path.GetDirectoryName(action))!):0.0} MB, the compiled gate scripts {FolderMegabytes(Path.Combine(cache, "gates")) * 1024:0} KB"));
            Console.WriteLine($"- load average at the end: {GatesBenchmark.LoadAverage()} on {Environment.ProcessorCount} cores");
            Console.WriteLine();
            return toGate < 5000 ? 0 : 1;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    // The newest run's first command_started event: when the first gate's process was started.
    private static DateTimeOffset FirstCommandStarted(string state)
    {
        var runs = Path.Combine(state, "runs");
        var run = Path.Combine(runs, File.ReadAllText(Path.Combine(runs, "latest")).Trim());
        foreach (var line in File.ReadLines(Path.Combine(run, "events.jsonl")))
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.GetProperty("kind").GetString() == "command_started")
            {
                return document.RootElement.GetProperty("ts").GetDateTimeOffset();
            }
        }

        throw new InvalidOperationException($"no gate started in {run}");
    }

    private static double FolderMegabytes(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0 : 0;

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }
}
