using Omk.GitHubAction.Tests.Support;
using Omk.Testing;

namespace Omk.GitHubAction.Tests;

/// <summary>
/// <c>mode: goal</c> and <c>mode: goal-publish</c> as their two jobs would run them: the built program as a child
/// process, a real repository pushed to a real bare origin, the fake GitHub API, and a stand-in for
/// <c>omk goal run</c> that records the environment it was given.
/// </summary>
[Collection(BuiltProgram.Collection)]
public sealed class GoalModeTests : IAsyncLifetime
{
    private const string Writer = "maintainer";
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    private static ActionHarness GoalJob(FakeGitHub github, string author, string body, string authorType = "User")
    {
        var runner = new ActionHarness(github, eventName: "issue_comment");
        var comment = System.Text.Json.JsonSerializer.Serialize(body);
        File.WriteAllText(runner.EventPath, $$$"""
            {"action":"created","issue":{"number":{{{ActionHarness.PullRequest}}},"title":"Add a widget","pull_request":{"url":"x"}},
             "comment":{"id":1,"body":{{{comment}}},"user":{"login":"{{{author}}}","type":"{{{authorType}}}"}},
             "repository":{"default_branch":"main"},"sender":{"login":"{{{author}}}"}}
            """);
        runner.Environment["GITHUB_ACTOR"] = author;
        runner.Environment["RUNNER_TEMP"] = runner.RunnerDirectory;
        runner.Environment[GoalCommand.CommandVariable] = GoalStandIn.Write(runner.RunnerDirectory, "g-0001");
        // What a runner hands a step: none of it may reach the agent.
        runner.Environment["GITHUB_TOKEN"] = "ghs_WorkflowToken0000000000000000000000";
        runner.Environment["GH_TOKEN"] = "ghs_GhCliToken00000000000000000000000000";
        runner.Environment["ACTIONS_RUNTIME_TOKEN"] = "eyJhbGciOiJSUzI1NiJ9.runtime";
        runner.Environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "eyJhbGciOiJSUzI1NiJ9.oidc";
        runner.Environment["INPUT_GITHUB-TOKEN"] = "ghs_InputToken000000000000000000000000";
        runner.Environment["MY_DEPLOY_SECRET"] = "ghp_PersonalTokenUnderAnotherName000000";
        runner.Environment["KIMI_API_KEY"] = "sk-the-agents-own-key";
        Git(runner.RunnerDirectory, "clone", "-q", "--bare", runner.Repo.Path, Path.Combine(runner.RunnerDirectory, "origin.git")); // the remote, before the goal
        return runner;
    }

    // The publish job: a fresh clone of the bare origin, the goal job's uploaded folder.
    private static (string Checkout, string Bare) PublishCheckout(ActionHarness runner)
    {
        var bare = Path.Combine(runner.RunnerDirectory, "origin.git");
        var checkout = Path.Combine(runner.RunnerDirectory, "publish-" + Guid.NewGuid().ToString("N")[..8]);
        Git(runner.RunnerDirectory, "clone", "-q", bare, checkout);
        return (checkout, bare);
    }

    private static string Git(string directory, params string[] args)
    {
        var result = ChildProcess.RunAsync("git", args, directory).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Trim();
    }

    [Fact]
    public async Task A_comment_from_a_user_without_write_access_gets_a_reply_and_nothing_runs()
    {
        using var runner = GoalJob(_github, "drive-by", "/omk add a widget");
        _github.SetPermission("drive-by", "read");

        var result = await runner.RunProgramAsync("--mode", "goal");

        Assert.True(result.ExitCode == 0, runner.Log);
        Assert.Equal("refused", runner.Outputs["goal-status"]);
        var reply = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("Thanks @drive-by! Only people with write access to this repository can start an Omk goal, so nothing was run.", reply.Body, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(runner.RunnerDirectory, "goal-env.txt")));
        Assert.Single(_github.Requests, r => r.PathAndQuery == "/repos/octo/widgets/collaborators/drive-by/permission");
    }

    [Fact]
    public async Task The_actions_own_comments_and_other_bots_start_nothing()
    {
        using var runner = GoalJob(_github, "github-actions[bot]", "/omk add a widget\n<!-- omk-goal-reply -->", authorType: "Bot");

        var result = await runner.RunProgramAsync("--mode", "goal");

        Assert.True(result.ExitCode == 0, runner.Log);
        Assert.Equal("ignored", runner.Outputs["goal-status"]);
        Assert.Contains("omk: no goal to run: the comment was written by a bot.", runner.Log, StringComparison.Ordinal);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task A_writer_runs_the_goal_without_any_token_and_the_publish_job_opens_then_updates_one_draft_pull_request()
    {
        using var runner = GoalJob(_github, Writer, "/omk add a widget counter");
        _github.SetPermission(Writer, "write");

        var goal = await runner.RunProgramAsync("--mode", "goal");

        Assert.True(goal.ExitCode == 0, runner.Log);
        var childEnvironment = File.ReadAllLines(Path.Combine(runner.RunnerDirectory, "goal-env.txt"));
        foreach (var name in new[] { "GITHUB_TOKEN", "GH_TOKEN", "OMK_GITHUB_TOKEN", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "INPUT_GITHUB-TOKEN", "MY_DEPLOY_SECRET" })
        {
            Assert.DoesNotContain(childEnvironment, l => l.StartsWith(name + "=", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(childEnvironment, l => l.Contains("ghs_", StringComparison.Ordinal) || l.Contains("ghp_", StringComparison.Ordinal));
        Assert.Contains("KIMI_API_KEY=sk-the-agents-own-key", childEnvironment);
        Assert.Equal(("g-0001", "ready"), (runner.Outputs["goal-id"], runner.Outputs["goal-status"]));
        var uploaded = runner.Outputs["run-dir"];
        Assert.Equal(Path.Combine(uploaded, "goal.bundle"), runner.Outputs["bundle"]);
        var folder = Path.Combine(runner.RunnerDirectory, "artifact"); // as actions/download-artifact gives it to the publish job
        foreach (var file in Directory.GetFiles(uploaded, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(uploaded, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Assert.True(File.Exists(Path.Combine(folder, "proof", "proof.md")));
        var status = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("### Omk goal: ✅ ready", status.Body, StringComparison.Ordinal);
        Assert.Equal(["POST", "PATCH"], _github.Writes.Select(w => w.Method)); // running, then ready: one comment

        var (checkout, bare) = PublishCheckout(runner);
        runner.Environment["GITHUB_WORKSPACE"] = checkout;
        var publish = await runner.RunProgramAsync("--mode", "goal-publish", "--proof-dir", folder);

        Assert.True(publish.ExitCode == 0, runner.Log);
        var pr = Assert.Single(_github.PullRequests);
        Assert.True(pr.Draft);
        Assert.Equal(("omk/goal/g-0001", "main", "add a widget counter"), (pr.Head, pr.Base, pr.Title));
        Assert.Contains("The goal is done: add a widget counter", pr.Body, StringComparison.Ordinal);
        Assert.Equal($"https://github.com/octo/widgets/pull/{pr.Number}", runner.Outputs["pull-request-url"]);
        Assert.Equal(Git(runner.Repo.Path, "rev-parse", "omk/goal/g-0001"), Git(bare, "rev-parse", "refs/heads/omk/goal/g-0001"));
        Assert.Contains($"Draft pull request: https://github.com/octo/widgets/pull/{pr.Number}", Assert.Single(_github.Comments(ActionHarness.PullRequest)).Body, StringComparison.Ordinal);

        // The same goal again, and the publish job run again: the same status comment and the same pull request, updated.
        Assert.True((await runner.RunProgramAsync("--mode", "goal")).ExitCode == 0, runner.Log);
        runner.Environment["GITHUB_WORKSPACE"] = PublishCheckout(runner).Checkout;
        Assert.True((await runner.RunProgramAsync("--mode", "goal-publish", "--proof-dir", folder)).ExitCode == 0, runner.Log);
        Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Equal(1, Assert.Single(_github.PullRequests).Updates);
    }

    [Fact]
    public async Task A_goal_that_is_not_ready_is_published_as_a_draft_titled_not_ready_and_a_failed_goal_is_not_published()
    {
        using var runner = GoalJob(_github, Writer, "/omk add an unfinished widget counter");
        _github.SetPermission(Writer, "write");
        Assert.True((await runner.RunProgramAsync("--mode", "goal")).ExitCode == 1, runner.Log);
        Assert.Equal("not_ready", runner.Outputs["goal-status"]);

        var (checkout, bare) = PublishCheckout(runner);
        runner.Environment["GITHUB_WORKSPACE"] = checkout;
        var publish = await runner.RunProgramAsync("--mode", "goal-publish", "--proof-dir", runner.Outputs["run-dir"]);

        Assert.True(publish.ExitCode == 0, runner.Log);
        var pr = Assert.Single(_github.PullRequests);
        Assert.True(pr.Draft);
        Assert.Equal("Not ready: add an unfinished widget counter", pr.Title);
        Assert.Contains("**The goal is not met.** gate build failed on the integration head", pr.Body, StringComparison.Ordinal);
        Assert.Equal(Git(runner.Repo.Path, "rev-parse", "omk/goal/g-0001"), Git(bare, "rev-parse", "refs/heads/omk/goal/g-0001"));

        using var crashed = GoalJob(_github, Writer, "/omk crash while planning");
        Assert.True((await crashed.RunProgramAsync("--mode", "goal")).ExitCode == 1, crashed.Log);
        Assert.Equal("failed", crashed.Outputs["goal-status"]);
        var (crashedCheckout, crashedBare) = PublishCheckout(crashed);
        crashed.Environment["GITHUB_WORKSPACE"] = crashedCheckout;

        Assert.True((await crashed.RunProgramAsync("--mode", "goal-publish", "--proof-dir", crashed.Outputs["run-dir"])).ExitCode == 0, crashed.Log);
        Assert.Contains("omk: goal g-0001 ended failed (the planner crashed): nothing to publish; a goal is published when it ends ready or not_ready.", crashed.Log, StringComparison.Ordinal);
        Assert.Single(_github.PullRequests);
        Assert.Equal(string.Empty, Git(crashedBare, "branch", "--list", "omk/goal/*"));
    }

    [Fact]
    public async Task A_bundle_that_touches_workflows_is_refused_and_nothing_is_pushed()
    {
        using var runner = GoalJob(_github, Writer, "/omk change the workflow too");
        _github.SetPermission(Writer, "admin");
        Assert.True((await runner.RunProgramAsync("--mode", "goal")).ExitCode == 0, runner.Log);
        var folder = runner.Outputs["run-dir"];

        var (checkout, bare) = PublishCheckout(runner);
        runner.Environment["GITHUB_WORKSPACE"] = checkout;
        var publish = await runner.RunProgramAsync("--mode", "goal-publish", "--proof-dir", folder);

        Assert.True(publish.ExitCode == 2, runner.Log);
        Assert.Contains("::error title=omk%3A bundle refused::The goal's bundle is refused: the bundle changes workflow files (.github/workflows/evil.yml), which is not allowed (allow-workflow-changes: false): nothing is pushed.", runner.Log, StringComparison.Ordinal);
        Assert.Empty(_github.PullRequests);
        Assert.Equal(string.Empty, Git(bare, "branch", "--list", "omk/goal/*"));
        Assert.Contains("⛔ not published", Assert.Single(_github.Comments(ActionHarness.PullRequest)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_omk_goal_run_with_a_scripted_agent_is_delivered_as_a_draft_pull_request()
    {
        using var runner = GoalJob(_github, Writer, "/omk add a widget counter in widget.txt");
        _github.SetPermission(Writer, "maintain");
        runner.Repo.Write("gates/widget.fsx", "open Omk.Gates\n\ngate \"widget\" { run \"test -f widget.txt\" }\n");
        runner.Repo.Commit("a gate");
        Git(runner.Repo.Path, "push", "-q", Path.Combine(runner.RunnerDirectory, "origin.git"), "feature");
        runner.Environment[GoalCommand.CommandVariable] = $"dotnet {RepoPaths.OmkDll}";
        runner.Environment["OMK_STATE_DIR"] = Path.Combine(runner.RunnerDirectory, "state");
        runner.Environment[GoalCommand.ProgressVariable] = "0.1";
        var agent = ScriptedGoalAgent.Write(runner.RunnerDirectory);

        var goal = await runner.RunProgramAsync("--mode", "goal", "--agent", agent);

        Assert.True(goal.ExitCode == 0, runner.Log);
        Assert.Equal("ready", runner.Outputs["goal-status"]);
        var agentEnvironment = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runner.RunnerDirectory, "agent-env.json"))).RootElement;
        Assert.DoesNotContain(agentEnvironment.EnumerateObject(), v => v.Value.GetString()!.Contains("ghs_", StringComparison.Ordinal) || v.Value.GetString()!.Contains("ghp_", StringComparison.Ordinal));
        Assert.False(agentEnvironment.TryGetProperty("ACTIONS_RUNTIME_TOKEN", out _));
        Assert.Equal("sk-the-agents-own-key", agentEnvironment.GetProperty("KIMI_API_KEY").GetString());
        // One status comment, updated as the goal moved (its progress read from the goal's log), then with the verdict.
        var status = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("### Omk goal: ✅ ready", status.Body, StringComparison.Ordinal);
        Assert.Equal("POST", _github.Writes[0].Method);
        Assert.All(_github.Writes.Skip(1), w => Assert.Equal("PATCH", w.Method));
        Assert.Contains(_github.Writes, w => w.Body.Contains("task(s) done", StringComparison.Ordinal) || w.Body.Contains(": planning", StringComparison.Ordinal));

        var (checkout, bare) = PublishCheckout(runner);
        runner.Environment["GITHUB_WORKSPACE"] = checkout;
        var publish = await runner.RunProgramAsync("--mode", "goal-publish", "--proof-dir", runner.Outputs["run-dir"]);

        Assert.True(publish.ExitCode == 0, runner.Log);
        var pr = Assert.Single(_github.PullRequests);
        Assert.True(pr.Draft);
        Assert.StartsWith("omk/goal/", pr.Head, StringComparison.Ordinal);
        Assert.Contains("ready", pr.Body, StringComparison.Ordinal);
        Assert.Equal("a widget counter\n", Git(bare, "show", $"refs/heads/{pr.Head}:widget.txt") + "\n");
    }
}
