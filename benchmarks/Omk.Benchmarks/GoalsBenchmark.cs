using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Omk.Agents;
using Omk.Gates;
using Omk.Goals;
using Omk.Processes;
using Omk.Teams;
using Omk.Tests.Teams;

namespace Omk.Benchmarks;

/// <summary>
/// Goals: the controller's own share of a goal's wall time. A goal whose planner answers 6 tasks, run by 3 in-process
/// double agents, integrated, verified by a declared gate and approved by the reviewer, all through the real controller
/// (worktrees, merge-tree, gate runs, logs, proofs). Measured with instant agent turns (what the controller costs on its
/// own) and with 2-second worker turns (the proof's <c>orchestration_share</c>: wall time outside agent turns and gates),
/// against the same tasks as a bare team run in the same run.
/// </summary>
internal sealed class GoalsBenchmark : IBenchmark
{
    private const int Tasks = 6;
    private const int Agents = 3;

    public string Name => "goals";

    public string Description => "goals: the controller's share of the wall time of a goal with 6 tasks (instant and 2 s agent turns)";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "omk-bench-goals-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"goals: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {Tasks} tasks, {Agents} agents; files in {directory}");
            await OnceAsync(directory, "warm-up", TimeSpan.Zero); // JIT and git caches
            var instant = new List<(double Wall, double Share)>();
            var slow = new List<(double Wall, double Share)>();
            var team = new List<double>();
            for (var i = 0; i < options.Runs; i++)
            {
                instant.Add(await OnceAsync(directory, $"instant-{i}", TimeSpan.Zero));
                slow.Add(await OnceAsync(directory, $"slow-{i}", TimeSpan.FromSeconds(2)));
                team.Add(await TeamOnlyAsync(directory, $"team-{i}", TimeSpan.FromSeconds(2)));
            }

            var i0 = instant.OrderBy(r => r.Wall).ElementAt(instant.Count / 2);
            var s0 = slow.OrderBy(r => r.Share).ElementAt(slow.Count / 2);
            var t0 = team.OrderBy(w => w).ElementAt(team.Count / 2);
            var s1 = slow.OrderBy(r => r.Wall).ElementAt(slow.Count / 2);
            var overhead = i0.Wall * i0.Share;
            Console.WriteLine();
            Console.WriteLine($"goal with {Tasks} instant tasks (plan, 1 team round, integration, 1 gate on the integrated tree, review, proof), median of {options.Runs}:");
            Console.WriteLine($"  wall {i0.Wall:0.00} s, of which orchestration {overhead:0.00} s ({i0.Share:P1}; the agents and the gate are instant)");
            Console.WriteLine($"goal with {Tasks} tasks whose agent turn takes 2 s, {Agents} agents, median of {options.Runs}:");
            var ideal = Tasks / Agents * 2.0;
            Console.WriteLine($"  wall {s0.Wall:0.00} s = {s0.Wall / ideal:0.00}x the ideal {ideal:0} s; orchestration share {s0.Share:P1} (target ≤ 5%: {(s0.Share <= 0.05 ? "ok" : "MISS")})");
            Console.WriteLine($"  baseline, same run: the same 6 tasks as a bare team run (no planner, integration, gate or review): {t0:0.00} s; the goal (median wall {s1.Wall:0.00} s) = {s1.Wall / t0:0.00}x it");
            return 0;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<(double Wall, double Share)> OnceAsync(string directory, string name, TimeSpan turn)
    {
        var repo = NewRepository(directory, name);
        var plan = "```json\n" + JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["tasks"] = Enumerable.Range(0, Tasks).Select(i => new Dictionary<string, object>
            {
                ["id"] = $"t{i}",
                ["prompt"] = $"write out/t{i}.txt",
                ["write_set"] = new[] { $"out/t{i}.txt" },
                ["gates"] = Array.Empty<string>(),
            }).ToList(),
        }) + "\n```";
        var agent = new DoubleAgent(async (t, ct) =>
        {
            if (t.Prompt.Contains(GoalPrompts.PlannerHeading, StringComparison.Ordinal))
            {
                return plan;
            }

            if (t.Prompt.Contains(GoalPrompts.ReviewerHeading, StringComparison.Ordinal))
            {
                return "```json\n{\"verdict\":\"approve\",\"findings\":[]}\n```";
            }

            await Task.Delay(turn, ct);
            t.Write($"out/{t.TaskId}.txt", t.TaskId + "\n");
            return "done";
        });
        var controller = new GoalController(
            new GoalEnvironment(new TeamRunRequest
            {
                RepoRoot = repo,
                StateRoot = Path.Combine(directory, name, "state"),
                WorktreeRoot = Path.Combine(directory, name, "wt"),
                DeclaredGates = new GateSet([new GateDefinition { Name = "outputs", Command = ProcessCommand.Shell($"test $(ls out | wc -l) -eq {Tasks}") }], "bench"),
                Options = new TeamOptions { Agents = Agents },
                AgentLauncher = dir => new AgentLaunch(new AgentCommand("double-agent", [], dir), agent.Create),
            }),
            TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var result = await controller.StartAsync(new GoalRequest { Goal = $"out/ holds {Tasks} files", Settings = new GoalSettings { Agents = Agents } });
        var wall = watch.Elapsed.TotalSeconds;
        if (result.Status != GoalStatus.Ready)
        {
            throw new InvalidOperationException($"the benchmark's goal ended {result.Status}: {result.Reason}");
        }

        using var proof = JsonDocument.Parse(File.ReadAllText(result.ProofJson!));
        return (wall, proof.RootElement.GetProperty("orchestration_share").GetDouble());
    }

    /// <summary>The same tasks and agent as a bare team run: the baseline a goal's extra steps are measured against.</summary>
    private static async Task<double> TeamOnlyAsync(string directory, string name, TimeSpan turn)
    {
        var repo = NewRepository(directory, name);
        var agent = new DoubleAgent(async (t, ct) =>
        {
            await Task.Delay(turn, ct);
            t.Write($"out/{t.TaskId}.txt", t.TaskId + "\n");
            return "done";
        });
        var tasks = Enumerable.Range(0, Tasks).Select(i => new TeamTask { Id = $"t{i}", Title = $"t{i}", Prompt = $"write out/t{i}.txt", WriteSet = [$"out/t{i}.txt"], Gates = [] }).ToList();
        var watch = Stopwatch.StartNew();
        var result = await new TeamRun(TimeProvider.System).StartAsync(new TeamRunRequest
        {
            RepoRoot = repo,
            StateRoot = Path.Combine(directory, name, "state"),
            WorktreeRoot = Path.Combine(directory, name, "wt"),
            Tasks = tasks,
            Options = new TeamOptions { Agents = Agents },
            AgentLauncher = dir => new AgentLaunch(new AgentCommand("double-agent", [], dir), agent.Create),
        });
        var wall = watch.Elapsed.TotalSeconds;
        return result.Proof.Status == TeamProofProjection.Ready ? wall : throw new InvalidOperationException($"the baseline team run ended {result.Proof.Status}");
    }

    private static string NewRepository(string directory, string name)
    {
        var repo = Path.Combine(directory, name, "repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        Git(repo, "config", "user.email", "bench@omk.invalid");
        Git(repo, "config", "user.name", "Omk Bench");
        Git(repo, "config", "commit.gpgsign", "false");
        File.WriteAllText(Path.Combine(repo, "README.md"), "# bench\n");
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "initial");
        return repo;
    }

    private static string Git(string dir, params string[] args) => ProcessTimer.Run(dir, "git", args).Trim();
}
