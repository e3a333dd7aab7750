using Omk.Agents;
using Omk.Events;
using Omk.Gates;
using Omk.Teams;
using Omk.Testing;

namespace Omk.Tests.Teams;

/// <summary>A real git repository, a worktree root and a state root in temp directories, and team runs driven by a <see cref="DoubleAgent"/>.</summary>
public sealed class TeamHarness : IDisposable
{
    private readonly TempDirectory _dirs = new("omk-team");

    public TeamHarness()
    {
        Repo = new TempGitRepo();
        Repo.Write("src/Api/Api.cs", "// api\n");
        Repo.Commit("api skeleton");
    }

    public TempGitRepo Repo { get; }

    public string WorktreeRoot => _dirs.Combine("worktrees");

    public string StateRoot => _dirs.Combine("state");

    public static IReadOnlyList<TeamTask> Tasks(string json) => TaskFile.Parse(json, "tasks.json");

    public TeamRunRequest Request(IReadOnlyList<TeamTask> tasks, DoubleAgent agent, TeamOptions? options = null, GateSet? gates = null) => new()
    {
        RepoRoot = Repo.Path,
        StateRoot = StateRoot,
        Tasks = tasks,
        WorktreeRoot = WorktreeRoot,
        Options = options ?? new TeamOptions { Agents = 2, RetryBackoff = TimeSpan.FromMilliseconds(10), WatchdogInterval = TimeSpan.FromMilliseconds(50) },
        DeclaredGates = gates ?? GateSet.Empty("none"),
        AgentLauncher = dir => new AgentLaunch(new AgentCommand("double-agent", [], dir), agent.Create),
    };

    public async Task<TeamRunResult> RunAsync(IReadOnlyList<TeamTask> tasks, DoubleAgent agent, TeamOptions? options = null, GateSet? gates = null)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await new TeamRun(TimeProvider.System).StartAsync(Request(tasks, agent, options, gates), null, limit.Token);
    }

    public static List<Event> Events(TeamRunResult result) => EventReader.ReadAll(result.Run.EventsPath).Events.ToList();

    public void Dispose()
    {
        Repo.Dispose();
        _dirs.Dispose();
    }
}
