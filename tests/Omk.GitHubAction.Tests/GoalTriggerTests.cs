using Omk.GitHubAction.Tests.Support;
using Omk.Processes;
using Omk.Testing;

namespace Omk.GitHubAction.Tests;

/// <summary>The goal triggers read from real event files, and what never reaches the goal's environment.</summary>
public sealed class GoalTriggerTests
{
    private static (GoalTrigger? Trigger, string Why) Read(string eventName, string json, string label = "omk")
    {
        using var dir = new TempDirectory("omk-goal-event");
        var path = dir.Write("event.json", json);
        return GoalTrigger.Read(new RunnerEnvironment(new Dictionary<string, string> { ["GITHUB_EVENT_NAME"] = eventName, ["GITHUB_EVENT_PATH"] = path, ["GITHUB_ACTOR"] = "ada" }), label);
    }

    [Fact]
    public void A_dispatch_a_labelled_issue_and_a_command_comment_each_name_the_goal_the_actor_and_the_issue()
    {
        Assert.Equal(new GoalTrigger("workflow_dispatch", "Add a CHANGELOG", "ada", null), Read("workflow_dispatch", """{"inputs":{"goal":" Add a CHANGELOG "}}""").Trigger);
        Assert.Equal(
            new GoalTrigger("issue labelled omk", "Widgets count\n\nShow the count in the footer.", "ada", 12),
            Read("issues", """{"action":"labeled","label":{"name":"omk"},"issue":{"number":12,"title":"Widgets count","body":"Show the count in the footer.\n"}}""").Trigger);
        Assert.Equal(
            new GoalTrigger("/omk comment", "fix the flaky test", "grace", 7),
            Read("issue_comment", """{"action":"created","issue":{"number":7},"comment":{"body":"/omk fix the flaky test","user":{"login":"grace","type":"User"}}}""").Trigger);
    }

    [Theory]
    [InlineData("issues", """{"action":"labeled","label":{"name":"bug"},"issue":{"number":1,"title":"t"}}""", "the issue event is not the 'omk' label being added")]
    [InlineData("issue_comment", """{"action":"created","issue":{"number":1},"comment":{"body":"/omkfoo","user":{"login":"a","type":"User"}}}""", "the comment is not a /omk command")]
    [InlineData("issue_comment", """{"action":"edited","issue":{"number":1},"comment":{"body":"/omk x","user":{"login":"a","type":"User"}}}""", "the comment is not a /omk command")]
    [InlineData("issue_comment", """{"action":"created","issue":{"number":1},"comment":{"body":"/omk   ","user":{"login":"a","type":"User"}}}""", "the /omk comment names no goal")]
    [InlineData("issue_comment", """{"action":"created","issue":{"number":1},"comment":{"body":"/omk x\n<!-- omk-goal:abc -->","user":{"login":"a","type":"User"}}}""", "the comment was written by a bot")]
    [InlineData("workflow_dispatch", """{"inputs":{}}""", "the workflow_dispatch has no 'goal' input")]
    [InlineData("push", """{}""", "the event push does not start goals (workflow_dispatch, issues labelled 'omk', issue_comment /omk)")]
    public void Other_events_start_nothing_and_say_why(string eventName, string json, string why)
    {
        var (trigger, reason) = Read(eventName, json);
        Assert.Null(trigger);
        Assert.Equal(why, reason);
    }

    [Fact]
    public void Credentials_are_found_by_name_and_by_value_and_the_agents_own_keys_stay()
    {
        var removed = CredentialFreeEnvironment.Removals(new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "x",
            ["GH_TOKEN"] = "x",
            ["OMK_GITHUB_TOKEN"] = "x",
            ["ACTIONS_RUNTIME_TOKEN"] = "x",
            ["INPUT_GITHUB-TOKEN"] = "x",
            ["MY_GITHUB_PAT"] = "x",
            ["DEPLOY"] = "github_pat_11AAAA",
            ["OTHER"] = " ghs_abc",
            ["GITHUB_PATH"] = "/tmp/path",
            ["GITHUB_WORKSPACE"] = "/w",
            ["KIMI_API_KEY"] = "sk-1",
            ["PATH"] = "/usr/bin",
        });

        Assert.Equal(
            ["ACTIONS_RUNTIME_TOKEN", "DEPLOY", "GH_TOKEN", "GITHUB_TOKEN", "INPUT_GITHUB-TOKEN", "MY_GITHUB_PAT", "OMK_GITHUB_TOKEN", "OTHER"],
            removed.Keys.Order(StringComparer.Ordinal));
        Assert.All(removed.Values, Assert.Null);
    }
}
