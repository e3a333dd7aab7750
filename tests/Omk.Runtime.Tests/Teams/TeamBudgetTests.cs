using Omk.Budgets;
using Omk.Teams;

namespace Omk.Tests.Teams;

public sealed class TeamBudgetTests
{
    [Fact]
    public async Task A_turn_the_budget_refuses_is_not_started_and_the_team_proof_says_needs_more_budget()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            turn.Write("a.txt", "a\n");
            return Task.FromResult("ok");
        });
        var asked = 0;
        var request = harness.Request(TeamHarness.Tasks("""{"tasks":[{"id":"a","prompt":"p","write_set":["a.txt"]}]}"""), agent) with
        {
            BeforeTurn = _ =>
            {
                Interlocked.Increment(ref asked);
                return ValueTask.FromResult(new BudgetCheck(false, BudgetCheck.CostSource, "the goal's cost budget is used up: $1.00 of $1.00"));
            },
        };

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await new TeamRun(TimeProvider.System).StartAsync(request, null, limit.Token);

        Assert.Equal(1, asked);
        Assert.Empty(agent.Turns);
        var task = result.View.Task("a")!;
        Assert.Equal(TeamTaskStatus.NeedsMoreBudget, task.Status);
        Assert.Equal("the goal's cost budget is used up: $1.00 of $1.00", task.Error);
        Assert.Equal(1, task.Attempts); // not retried: more attempts would not make the budget bigger
        Assert.Equal(TeamProofProjection.NeedsMoreBudget, result.Proof.Status);
    }

    [Fact]
    public async Task A_team_run_with_a_token_budget_in_its_log_stops_the_turn_that_would_not_fit()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent(
            (turn, _) =>
            {
                turn.Write(turn.TaskId + ".txt", "x\n");
                return Task.FromResult("ok");
            },
            new Agents.TokenUsage(18_000, 2_000));
        var tasks = TeamHarness.Tasks("""{"tasks":[{"id":"a","prompt":"p","write_set":["a.txt"]},{"id":"b","prompt":"p","depends_on":["a"],"write_set":["b.txt"]}]}""");
        var request = harness.Request(tasks, agent) with { Budget = new BudgetLimits(null, 30_000, null) };

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await new TeamRun(TimeProvider.System).StartAsync(request, null, limit.Token);

        Assert.Equal(TeamTaskStatus.Completed, result.View.Task("a")!.Status);
        var b = result.View.Task("b")!;
        Assert.Equal(TeamTaskStatus.NeedsMoreBudget, b.Status);
        Assert.Equal("the next turn (~20,000 tokens) would exceed the token budget: 20,000 of 30,000 used", b.Error);
        Assert.Single(agent.Turns);
        Assert.Equal(TeamProofProjection.NeedsMoreBudget, result.Proof.Status);
    }
}
