using System.Diagnostics;
using System.Globalization;
using Omk.Agents;
using Omk.Events;
using Omk.Gates;
using Omk.Teams;
using Omk.Tests.Teams;
using Omk.Workspaces;

namespace Omk.Benchmarks;

/// <summary>
/// Team runs: (1) the workspace cost of a task (worktree add, commit, remove, through <see cref="WorktreePool"/>) against a
/// shell script running the same git commands; (2) the scheduler's dispatch overhead per task on a 1,000-task random DAG
/// with an instant in-process worker, and its memory; (3) parallel efficiency: 8 independent tasks whose agent turn takes
/// 2 s, with 4 agents, in a real team run (worktrees, commits, cleanup), against the ideal 4 s.
/// </summary>
internal sealed class TeamsBenchmark : IBenchmark
{
    public string Name => "teams";

    public string Description => "team runs: workspace cost per task vs git in a shell script, scheduler dispatch on 1,000 tasks, parallel efficiency";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "omk-bench-teams-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"teams: {Environment.ProcessorCount} cores, .NET {Environment.Version}; files in {directory}");
            var ok = await WorkspaceCostAsync(directory, options);
            ok &= await SchedulerAsync(directory, options);
            ok &= await ParallelEfficiencyAsync(directory);
            return ok ? 0 : 1;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string NewRepo(string directory, string name)
    {
        var repo = Path.Combine(directory, name);
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "config", "user.email", "bench@omk.invalid");
        Git(repo, "config", "user.name", "Omk Bench");
        Git(repo, "config", "commit.gpgsign", "false");
        for (var i = 0; i < 200; i++)
        {
            var file = Path.Combine(repo, "src", $"d{i % 10}", $"f{i}.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, $"// file {i}\n" + new string('x', 2000) + "\n");
        }

        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "initial");
        return repo;
    }

    private static string Git(string dir, params string[] args) => ProcessTimer.Run(dir, "git", args).Trim();

    /// <summary>The same git commands WorktreePool runs for a task without dependencies, in one bash script per task.</summary>
    private const string Script = """
        set -e
        repo="$1"; root="$2"; run="$3"; task="$4"; base="$5"
        path="$root/$run/$task"; branch="omk/$run/$task"
        cd "$repo"
        mkdir -p "$root/$run"
        git -c core.quotepath=off worktree add --quiet --no-checkout -b "$branch" "$path" "$base"
        git -C "$path" -c core.quotepath=off reset --hard --quiet
        echo "work of $task" > "$path/work.txt"
        cd "$path"
        git -c core.quotepath=off add -A
        git -c core.quotepath=off commit --quiet --allow-empty --no-verify -m "omk: $task

        Omk-Run: $run
        Omk-Task: $task"
        head=$(git -c core.quotepath=off rev-parse HEAD)
        git -c core.quotepath=off diff --name-only --no-renames -z "$base" "$head" >/dev/null
        git -c core.quotepath=off status --porcelain=v2 --branch --untracked-files=all >/dev/null
        cd "$repo"
        git -c core.quotepath=off worktree remove "$path"
        """;

    private static async Task<bool> WorkspaceCostAsync(string directory, BenchmarkOptions options)
    {
        var tasks = options.Count ?? 12;
        var repo = NewRepo(directory, "workspace-repo");
        var head = Git(repo, "rev-parse", "HEAD");
        var scriptPath = Path.Combine(directory, "workspace.sh");
        File.WriteAllText(scriptPath, Script);
        var pool = new WorktreePool(repo, Path.Combine(directory, "wt-omk"));
        var scriptRoot = Path.Combine(directory, "wt-script");
        var round = 0;

        // Interleaved rounds (script, Omk, script, Omk ...) so both see the same machine load; medians per task.
        var script = new List<double>();
        var omk = new List<double>();
        for (var r = 0; r < options.Runs + 1; r++)
        {
            round++;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < tasks; i++)
            {
                ProcessTimer.Run(repo, "bash", scriptPath, repo, scriptRoot, $"run-s{round}", $"t{i}", head);
            }

            var scriptMs = watch.Elapsed.TotalMilliseconds / tasks;
            watch.Restart();
            for (var i = 0; i < tasks; i++)
            {
                var ws = await pool.CreateAsync($"run-o{round}", $"t{i}", head, []);
                await File.WriteAllTextAsync(Path.Combine(ws.Path, "work.txt"), $"work of t{i}\n");
                await pool.CommitAsync(ws, $"omk: t{i}");
                var (removed, kept) = await pool.RemoveIfCleanAsync(ws.Path, ws.Branch);
                if (!removed)
                {
                    throw new InvalidOperationException("the benchmark's worktree was kept: " + kept);
                }
            }

            var omkMs = watch.Elapsed.TotalMilliseconds / tasks;
            if (r > 0)
            {
                script.Add(scriptMs);
                omk.Add(omkMs);
            }
        }

        var s = ProcessTimer.MedianOf(script);
        var o = ProcessTimer.MedianOf(omk);
        var ratio = o / s;
        Console.WriteLine();
        Console.WriteLine($"workspace cost per task (worktree add, write, commit with trailers, remove), {tasks} tasks per round, median of {options.Runs} rounds:");
        Console.WriteLine($"  git commands in a bash script   {s,8:N1} ms");
        Console.WriteLine($"  WorktreePool (omk)              {o,8:N1} ms   {ratio:0.00}x of the script   target ≤ 1.30x: {(ratio <= 1.3 ? "ok" : "MISS")}");
        return ratio <= 1.3;
    }

    private static async Task<bool> SchedulerAsync(string directory, BenchmarkOptions options)
    {
        const int Count = 1000;
        var random = new Random(13);
        var tasks = Enumerable.Range(0, Count).Select(i => new TeamTask
        {
            Id = $"t{i}",
            Title = $"t{i}",
            Prompt = "instant",
            DependsOn = i == 0 ? [] : Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"t{random.Next(0, i)}").Distinct().ToList(),
            WriteSet = [$"area{i}/**"],
        }).ToList();
        var edges = tasks.Sum(t => t.DependsOn.Count);
        var path = Path.Combine(directory, "scheduler-events.jsonl");

        async Task<(TimeSpan Elapsed, long Allocated, int Completed)> OnceAsync()
        {
            File.Delete(path);
            var writer = EventWriter.Open(path);
            await using (writer)
            {
                var scheduler = new TeamScheduler(writer, new EventFactory(new RunId("run-bench"), TimeProvider.System), TimeProvider.System, new TeamOptions { Agents = 4 });
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var total = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var outcome = await scheduler.RunAsync(tasks, (attempt, _) => Task.FromResult(new TaskResult(TeamTaskStatus.Completed) { Branch = "b" }));
                var elapsed = watch.Elapsed;
                return (elapsed, GC.GetTotalAllocatedBytes(precise: true) - total, outcome.Tasks.Values.Count(r => r.Status == TeamTaskStatus.Completed));
            }
        }

        await OnceAsync();
        var runs = new List<(TimeSpan Elapsed, long Allocated, int Completed)>();
        for (var i = 0; i < options.Runs; i++)
        {
            GC.Collect();
            runs.Add(await OnceAsync());
        }

        var best = runs.MinBy(r => r.Elapsed);
        var perTask = best.Elapsed.TotalMilliseconds / Count;
        var events = File.ReadLines(path).Count();
        Console.WriteLine();
        Console.WriteLine($"scheduler: {Count} tasks, random DAG with {edges} edges, write sets, 4 workers, instant in-process worker, events to a real log; best of {options.Runs}:");
        Console.WriteLine($"  total {best.Elapsed.TotalMilliseconds:N1} ms, {perTask:0.000} ms dispatch overhead per task (target < 1 ms: {(perTask < 1 ? "ok" : "MISS")}), {best.Completed} completed, {events} events");
        Console.WriteLine($"  allocated {best.Allocated / 1e6:N1} MB ({best.Allocated / Count / 1024.0:N1} KiB per task); working set {Environment.WorkingSet / 1e6:N0} MB");
        return perTask < 1 && best.Completed == Count;
    }

    private static async Task<bool> ParallelEfficiencyAsync(string directory)
    {
        const int Tasks = 8;
        const int Agents = 4;
        var turn = TimeSpan.FromSeconds(2);
        var repo = NewRepo(directory, "parallel-repo");
        var agent = new DoubleAgent(async (t, ct) =>
        {
            await Task.Delay(t.Prompt.Contains("warm", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(50) : turn, ct);
            t.Write($"out/{t.TaskId}.txt", t.TaskId + "\n");
            return "done";
        });
        var list = Enumerable.Range(0, Tasks).Select(i => new TeamTask { Id = $"p{i}", Title = $"p{i}", Prompt = "wait", WriteSet = [$"out/p{i}.txt"] }).ToList();
        var request = new TeamRunRequest
        {
            RepoRoot = repo,
            StateRoot = Path.Combine(directory, "parallel-state"),
            Tasks = list,
            WorktreeRoot = Path.Combine(directory, "parallel-wt"),
            Options = new TeamOptions { Agents = Agents },
            DeclaredGates = GateSet.Empty("none"),
            AgentLauncher = dir => new AgentLaunch(new AgentCommand("double-agent", [], dir), agent.Create),
        };
        // A warm-up run (short turns, its own run id) so the measured one does not pay for the JIT.
        await new TeamRun(TimeProvider.System).StartAsync(request with { Tasks = list.Take(Agents).Select(t => t with { Prompt = "warm" }).ToList() });
        agent.Turns.Clear();
        var watch = Stopwatch.StartNew();
        var result = await new TeamRun(TimeProvider.System).StartAsync(request);
        var wall = watch.Elapsed;
        var ideal = turn * Math.Ceiling(Tasks / (double)Agents);
        var ratio = wall / ideal;
        Console.WriteLine();
        Console.WriteLine($"parallel efficiency: {Tasks} independent tasks, agent turn {turn.TotalSeconds:0} s each, {Agents} agents, real worktrees, commits and cleanup:");
        Console.WriteLine($"  wall {wall.TotalSeconds:0.00} s against the ideal {ideal.TotalSeconds:0.00} s: {ratio:0.00}x (target ≤ 1.25x: {(ratio <= 1.25 ? "ok" : "MISS")}); run {result.Proof.Status}");
        return ratio <= 1.25 && result.Proof.Status == TeamProofProjection.Ready;
    }
}
