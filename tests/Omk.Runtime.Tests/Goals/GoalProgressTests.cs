using Omk.Goals;

namespace Omk.Tests.Goals;

/// <summary>The words a status comment shows while a goal moves: planning, planned, running.</summary>
public sealed class GoalProgressTests
{
    [Theory]
    [InlineData(0, 0, "planning", "intake: planning")]
    [InlineData(0, 3, "planned", "execute: 0 of 3 task(s) done")]
    [InlineData(2, 3, "running", "execute: 2 of 3 task(s) done")]
    public void The_state_follows_the_plan_and_the_tasks_done(int done, int total, string state, string text)
    {
        var progress = new GoalProgress("goal-1", total == 0 ? "intake" : "execute", done, total);

        Assert.Equal(state, progress.State);
        Assert.Equal(text, progress.ToString());
    }
}
