using Omk.Agents;
using Omk.Budgets;
using Omk.Events;
using Omk.Gates;
using Omk.Processes;
using Omk.Ralph;
using Omk.Teams;
using Omk.Tests.Teams;

namespace Omk.Tests.Ralph;

/// <summary>omk ralph's loop on a real git repository and real gate processes, with the in-process double agent.</summary>
public sealed class RalphRunTests
{
    /// <summary>A gate that fails with an MSBuild-style diagnostic (a located finding) until calc.txt says "good".</summary>
    private static readonly GateSet CalcGates = new(
        [
            new GateDefinition
            {
                Name = "calc",
                Command = ProcessCommand.Shell("grep -q good calc.txt || { echo \"calc.txt(1,1): error CALC001: calc.txt says '$(cat calc.txt)', not good\"; exit 1; }"),
            },
        ],
        "test gates");

    private static RalphRequest Request(TeamHarness harness, DoubleAgent agent, int maxRounds = 5, BudgetLimits? budget = null, GateSet? gates = null) => new()
    {
        Prompt = "Make calc.txt say good.\nThe gate calc checks it.",
        MaxRounds = maxRounds,
        Budget = budget ?? BudgetLimits.Unlimited,
        Team = harness.Request([], agent, gates: gates ?? CalcGates),
    };

    private static async Task<RalphResult> RunAsync(RalphRequest request)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await new RalphRun(TimeProvider.System).RunAsync(request, null, limit.Token);
    }

    [Fact]
    public async Task A_failing_round_gets_the_located_findings_and_the_fixed_round_is_ready()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("calc.txt", turn.Turn == 0 ? "bad\n" : "good\n");
            return Task.FromResult("done");
        });

        var result = await RunAsync(Request(harness, agent));

        Assert.Equal(RalphStatus.Ready, result.Status);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.Rounds);
        Assert.Equal("the gates passed after 2 round(s)", result.Reason);
        Assert.Null(result.Next);
        var turns = agent.Turns.ToList();
        Assert.Equal(2, turns.Count);
        Assert.Contains("Make calc.txt say good.", turns[0].Prompt, StringComparison.Ordinal);
        Assert.Contains("calc.txt:1:1: error CALC001: calc.txt says 'bad', not good", turns[1].Prompt, StringComparison.Ordinal);

        Assert.Equal("ready", result.Run.Proof.Status);
        Assert.Equal("ralph", result.Run.Proof.Mode);
        Assert.True(File.Exists(Path.Combine(result.Run.Run.Path, "proof.json")));
        Assert.Equal("good", harness.Repo.Git("show", $"{result.Head}:calc.txt").Trim());
        var started = TeamHarness.Events(result.Run).First(e => e.Kind == EventKind.RunStarted);
        Assert.Equal("ralph", started.PayloadString("mode"));
    }

    [Fact]
    public async Task The_same_findings_twice_in_a_row_end_the_loop_as_not_ready_with_no_progress()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("calc.txt", "bad\n");
            return Task.FromResult("I think it is fine");
        });

        var result = await RunAsync(Request(harness, agent, maxRounds: 6));

        Assert.Equal(RalphStatus.NotReady, result.Status);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("no progress", result.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.Rounds);
        Assert.Equal(2, agent.Turns.Count);
        Assert.Equal("not_ready", result.Run.Proof.Status);
        Assert.Equal(TeamTaskStatus.NoProgress, result.Run.View.Task(RalphRun.TaskId)!.Status);
        Assert.Contains("--base omk/", result.Next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Different_failures_run_until_the_rounds_end()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("calc.txt", $"attempt {turn.Turn}\n");
            return Task.FromResult("tried");
        });

        var result = await RunAsync(Request(harness, agent, maxRounds: 3));

        Assert.Equal(RalphStatus.NotReady, result.Status);
        Assert.Equal(3, result.Rounds);
        Assert.Equal(3, agent.Turns.Count);
        Assert.StartsWith("the gates still fail after 3 round(s) (--max-rounds 3)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_that_would_not_fit_the_budget_is_not_started()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent(
            (turn, _) =>
            {
                turn.Write("calc.txt", $"attempt {turn.Turn}\n");
                return Task.FromResult("tried");
            },
            new TokenUsage(14_000, 1_000));

        var result = await RunAsync(Request(harness, agent, budget: new BudgetLimits(null, 20_000, null)));

        Assert.Equal(RalphStatus.NeedsMoreBudget, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.Single(agent.Turns);
        Assert.Equal("the next turn (~15,000 tokens) would exceed the token budget: 15,000 of 20,000 used", result.Reason);
        Assert.Contains("--budget-", result.Next, StringComparison.Ordinal);
        Assert.Equal("needs_more_budget", result.Run.Proof.Status);
        var started = TeamHarness.Events(result.Run).First(e => e.Kind == EventKind.RunStarted);
        Assert.Equal(20_000, started.Payload!.Value.GetProperty("budget_tokens").GetInt64());

        var ledger = await BudgetLedgerFold.FoldAsync(result.Run.Run.EventsPath, CancellationToken.None);
        Assert.Equal(15_000, ledger.Used.Tokens);
    }

    [Fact]
    public async Task A_budget_too_small_for_the_first_turn_starts_no_agent()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((_, _) => Task.FromResult("never"));

        var result = await RunAsync(Request(harness, agent, budget: new BudgetLimits(null, 1_000, null)));

        Assert.Equal(RalphStatus.NeedsMoreBudget, result.Status);
        Assert.Empty(agent.Turns);
        Assert.Equal(0, result.Rounds);
        Assert.Equal("the next turn (~20,000 tokens) would exceed the token budget: 0 of 1,000 used", result.Reason);
    }

    [Fact]
    public void Without_declared_gates_nothing_starts()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((_, _) => Task.FromResult("never"));

        var ex = Assert.Throws<RalphRequestException>(() => RalphRun.TeamRequest(Request(harness, agent, gates: GateSet.Empty("no gates/ folder"))));
        Assert.Equal("the repository declares no gates (no gates/ folder): nothing would judge the agent's work; declare some in gates/*.fsx.", ex.Message);
        Assert.Throws<RalphRequestException>(() => RalphRun.TeamRequest(Request(harness, agent) with { MaxRounds = 0 }));
        Assert.Throws<RalphRequestException>(() => RalphRun.TeamRequest(Request(harness, agent) with { Prompt = "  " }));
        Assert.False(Directory.Exists(harness.StateRoot));
    }
}
