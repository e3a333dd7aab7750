using Omk.Proofs;
using Omk.Replay;
using Omk.Runs;
using Omk.Teams;
using Omk.Tests.Teams;

namespace Omk.Tests.Replay;

/// <summary><c>omk replay</c> of a real team run (double agent, real git worktrees, real acceptance gates).</summary>
public sealed class ReplayTeamRunTests
{
    [Fact]
    public async Task A_team_run_replays_its_tasks_attempts_retry_and_verdict_from_the_log()
    {
        using var harness = new TeamHarness();
        var agent = new DoubleAgent((turn, _) =>
        {
            if (turn.Prompt.Contains("attempt 2", StringComparison.Ordinal))
            {
                turn.Write("src/Api/ok.txt", "ok\n");
            }

            return Task.FromResult("ok");
        });
        var tasks = TeamHarness.Tasks("""
            {"tasks":[
              {"id":"api","title":"API","prompt":"Make ok.","write_set":["src/Api/**"],"acceptance":["test -f src/Api/ok.txt"]},
              {"id":"docs","title":"Docs","prompt":"Write docs.","depends_on":["api"],"write_set":["docs/**"],"acceptance":["test -f docs/missing.txt"]}
            ]}
            """);

        var result = await harness.RunAsync(tasks, agent, new TeamOptions { Agents = 1, Attempts = 2, FixRounds = 0, RetryBackoff = TimeSpan.FromMilliseconds(20) });
        var entries = new List<ReplayEntry>();
        var verdict = ReplayProjection.Replay(result.Run.EventsPath, entries.Add);

        Assert.Equal("team", verdict.Mode);
        Assert.Equal(result.Proof.Status, verdict.Status);
        Assert.Equal(TeamTaskStatus.Failed, result.Proof.Tasks.Single(t => t.Id == "docs").Status);
        Assert.Contains(verdict.Why, w => w.StartsWith("task docs: failed", StringComparison.Ordinal));
        Assert.Equal(2, verdict.Tasks);
        Assert.True(verdict.Retries >= 1, string.Join('\n', entries.Select(ReplayRenderer.Line)));
        Assert.Equal(verdict.Events, entries.Count);
        Assert.Equal(["api", "docs"], entries.Where(e => e.Kind == "task" && e.Status == "accepted").Select(e => e.Task));
        Assert.Contains(entries, e => e.Kind == "task" && e.Task == "api" && e.Status == "completed");
        Assert.Contains(entries, e => e.Kind == "retry" && e.Subject == "api" && e.Status == "attempt 2");
        Assert.True(entries.Select(e => e.OffsetMs).SequenceEqual(entries.Select(e => e.OffsetMs).Order()), "entries in log order");

        // Each gate round of a task is a run of its own whose proof verifies; the team proof points there.
        var api = Path.Combine(result.Run.Path, "tasks", "api");
        var rounds = Directory.EnumerateFiles(api, "proof.json", SearchOption.AllDirectories).Select(Path.GetDirectoryName).OfType<string>().Where(d => d != api).Order(StringComparer.Ordinal).ToList();
        Assert.True(rounds.Count >= 2, string.Join('\n', Directory.EnumerateFiles(api, "*", SearchOption.AllDirectories)));
        var round = rounds[^1];
        var roundCheck = ProofVerifier.Verify(new RunDirectory(new Omk.Events.RunId(Path.GetFileName(round)), round));
        Assert.True(roundCheck.Matches, string.Join('\n', roundCheck.Mismatches));
        Assert.Contains("gates/01-acceptance.log", roundCheck.Checked);
        var team = ProofVerifier.Verify(result.Run);
        Assert.Contains("is a team run's proof", Assert.Single(team.Mismatches).Message, StringComparison.Ordinal);
    }
}
