using Omk.Agents;
using Omk.Gates;
using Omk.Goals;
using Omk.Processes;
using Omk.Teams;
using Omk.Testing;
using Omk.Tests.Teams;

namespace Omk.Tests.Goals;

/// <summary>
/// A goal in process: a real git repository with a declared command gate, worktrees and state in temp directories, and
/// a <see cref="DoubleAgent"/> for the planner, the workers and the reviewer (told apart by their prompts).
/// </summary>
public sealed class GoalHarness : IDisposable
{
    private readonly TempDirectory _dirs = new("omk-goal");

    public GoalHarness(string gate = "true")
    {
        Repo = new TempGitRepo();
        Gates = new GateSet([new GateDefinition { Name = "check", Command = ProcessCommand.Shell(gate) }], "test");
    }

    public TempGitRepo Repo { get; }

    public GateSet Gates { get; }

    public string StateRoot => _dirs.Combine("state");

    public string WorktreeRoot => _dirs.Combine("worktrees");

    public static string Approve => "```json\n{\"verdict\":\"approve\",\"findings\":[]}\n```";

    /// <summary>A double that writes <c>&lt;task&gt;.txt</c> for every worker turn and approves every review.</summary>
    public static DoubleAgent Writer(Func<DoubleTurn, CancellationToken, Task>? during = null) => new(async (turn, cancellationToken) =>
    {
        if (turn.Prompt.Contains(GoalPrompts.ReviewerHeading, StringComparison.Ordinal))
        {
            return Approve;
        }

        if (during is not null)
        {
            await during(turn, cancellationToken);
        }

        turn.Write($"{turn.TaskId}.txt", turn.TaskId + "\n");
        return "done";
    });

    public GoalController Controller(DoubleAgent agent) => new(
        new GoalEnvironment(new TeamRunRequest
        {
            RepoRoot = Repo.Path,
            StateRoot = StateRoot,
            WorktreeRoot = WorktreeRoot,
            DeclaredGates = Gates,
            Options = new TeamOptions { Agents = 2, RetryBackoff = TimeSpan.FromMilliseconds(10), WatchdogInterval = TimeSpan.FromMilliseconds(50) },
            AgentLauncher = dir => new AgentLaunch(new AgentCommand("double-agent", [], dir), agent.Create),
        }),
        TimeProvider.System);

    public static GoalRequest Request(string goal, params string[] tasks) => new()
    {
        Goal = goal,
        Plan = TaskFile.Parse($$"""{"tasks":[{{string.Join(",", tasks.Select(t => $$"""{"id":"{{t}}","prompt":"write {{t}}.txt","write_set":["{{t}}.txt"],"gates":[]}"""))}}]}""", "plan.json"),
    };

    public void Dispose()
    {
        Repo.Dispose();
        _dirs.Dispose();
    }
}
