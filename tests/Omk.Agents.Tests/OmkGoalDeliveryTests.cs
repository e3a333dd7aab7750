using Omk.Agents.Tests.Support;
using Omk.Testing;

namespace Omk.Agents.Tests;

/// <summary>`--deliver pr` of a goal that is not ready: the branch is pushed and a draft pull request says plainly that the goal is not met.</summary>
public sealed class OmkGoalDeliveryTests
{
    [Fact]
    public async Task A_not_ready_goal_delivers_its_branch_and_a_draft_pull_request_whose_proof_says_it_is_not_ready_and_why()
    {
        await using var api = await FakePullRequestApi.StartAsync();
        await using var goal = await KimiGoal.CreateAsync(
            new Dictionary<string, FakeAnswer[]>
            {
                ["only"] = KimiGoal.WriteThenDone("only.txt", "only\n"),
                ["reviewer"] = [KimiGoal.Approve()],
            },
            """gate "docs" { shell "test -f docs.txt" }""");
        using var origin = new TempDirectory("omk-goal-origin");
        var bare = origin.Combine("acme", "widgets.git");
        Directory.CreateDirectory(bare);
        goal.Repo.Git("init", "-q", "--bare", bare);
        goal.Repo.Git("remote", "add", "origin", bare);
        goal.Team.Environment["GITHUB_TOKEN"] = "test-token";
        var plan = Path.Combine(goal.Team.StateDir, "..", "plan.json");
        File.WriteAllText(plan, KimiGoal.Plan(KimiGoal.Task("only", "Write only.txt.", "only.txt")));

        var result = await goal.OmkAsync(goal.Args("Add only.txt and docs.txt", "--plan", plan, "--fix-rounds", "0", "--deliver", "pr", "--github-api-url", api.BaseUrl));

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = KimiGoal.Json(result);
        Assert.Equal("not_ready", json.GetProperty("status").GetString());
        var pull = Assert.Single(api.Pulls);
        Assert.Equal(pull["html_url"]!.GetValue<string>(), json.GetProperty("pull_request_url").GetString());
        Assert.True(pull["draft"]!.GetValue<bool>());
        Assert.Equal("Not ready: Add only.txt and docs.txt", pull["title"]!.GetValue<string>());
        var body = pull["body"]!.GetValue<string>();
        Assert.Contains(": not_ready", body.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("The goal is not met.", body, StringComparison.Ordinal);
        Assert.Contains("gates failed on the integrated tree after 0 fix round(s): docs", body, StringComparison.Ordinal);
        Assert.Equal(json.GetProperty("commit").GetString(), goal.Repo.Git("--git-dir", bare, "rev-parse", json.GetProperty("branch").GetString()!));
        Assert.Equal("only", goal.Repo.Git("--git-dir", bare, "show", json.GetProperty("commit").GetString() + ":only.txt"));
        var delivered = Assert.Single(KimiGoal.Steps(json.GetProperty("run_dir").GetString()!, "goal_delivered"));
        Assert.Equal("not_ready", delivered.PayloadString("verdict"));
        var proof = KimiGoal.Proof(result);
        Assert.Equal(pull["html_url"]!.GetValue<string>(), proof.GetProperty("pull_request_url").GetString());
        Assert.Equal(0, goal.Llm.ServedFor("reviewer")); // the gates said no: nothing to review
    }
}
