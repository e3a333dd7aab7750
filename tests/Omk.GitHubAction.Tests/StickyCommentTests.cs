using Omk.GitHubAction.Tests.Support;

namespace Omk.GitHubAction.Tests;

/// <summary>The sticky pull request comment against the fake GitHub API, with real gates in a real repository.</summary>
public sealed class StickyCommentTests : IAsyncLifetime
{
    private const string Marker = "<!-- omk-proof:proof -->";
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task First_run_posts_the_comment_and_the_second_run_updates_the_same_one()
    {
        using var runner = new ActionHarness(_github);

        Assert.Equal(1, await runner.RunAsync("--gates", "build=true\ntest=false"));
        var first = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.StartsWith(Marker + "\n", first.Body, StringComparison.Ordinal);
        Assert.Contains("# ❌ Omk proof: failed", first.Body, StringComparison.Ordinal);
        Assert.Equal(("github-actions[bot]", "Bot"), (first.Login, first.Type));
        Assert.Equal(first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), runner.Outputs["comment-id"]);
        Assert.EndsWith($"#issuecomment-{first.Id}", runner.Outputs["comment-url"], StringComparison.Ordinal);
        Assert.Contains("omk: posted the proof comment", runner.Log, StringComparison.Ordinal);

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true\ntest=true"));
        var second = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Equal(first.Id, second.Id);
        Assert.Contains("# ✅ Omk proof: ready", second.Body, StringComparison.Ordinal);
        Assert.Equal(["POST", "PATCH"], _github.Writes.Select(w => w.Method));
        Assert.EndsWith($"/issues/comments/{first.Id}", _github.Writes[1].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), runner.Outputs["comment-id"]);
        Assert.All(_github.Requests, r => Assert.Equal("Bearer " + ActionHarness.Token, r.Authorization));
    }

    [Fact]
    public async Task The_sticky_comment_is_found_after_three_pages_of_other_comments()
    {
        using var runner = new ActionHarness(_github);
        // 300 comments first: people, other bots, a person quoting the marker, and another key's proof comment.
        _github.AddComments(ActionHarness.PullRequest, 290);
        _github.AddComments(ActionHarness.PullRequest, 5, "renovate[bot]", "Bot", i => $"Dependency update {i}");
        _github.AddComments(ActionHarness.PullRequest, 4, "someone", "User", _ => $"Why does {Marker} show up in the source?");
        _github.AddComments(ActionHarness.PullRequest, 1, "github-actions[bot]", "Bot", _ => "<!-- omk-proof:linux -->\nthe linux job's proof");
        _github.AddComments(ActionHarness.PullRequest, 1, "github-actions[bot]", "Bot", _ => Marker + "\nan earlier proof");
        var sticky = _github.Comments(ActionHarness.PullRequest)[^1];

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));

        var gets = _github.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.Contains("/issues/7/comments", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, gets.Count); // pages 1..4 through Link: rel="next"
        Assert.EndsWith("page=4", gets[^1].PathAndQuery, StringComparison.Ordinal);
        var write = Assert.Single(_github.Writes);
        Assert.Equal(("PATCH", $"/repos/octo/widgets/issues/comments/{sticky.Id}"), (write.Method, write.PathAndQuery));
        Assert.Equal(301, _github.Comments(ActionHarness.PullRequest).Count);
        Assert.Contains("Omk proof: ready", _github.Comments(ActionHarness.PullRequest)[^1].Body, StringComparison.Ordinal);
        Assert.Equal("the linux job's proof", _github.Comments(ActionHarness.PullRequest)[^2].Body.Split('\n')[1]);
    }

    [Fact]
    public async Task Each_comment_key_keeps_its_own_comment()
    {
        using var runner = new ActionHarness(_github);
        Assert.Equal(0, await runner.RunAsync("--gates", "build=true", "--comment-key", "linux"));
        Assert.Equal(0, await runner.RunAsync("--gates", "build=true", "--comment-key", "windows"));
        Assert.Equal(0, await runner.RunAsync("--gates", "build=true", "--comment-key", "linux"));

        var comments = _github.Comments(ActionHarness.PullRequest);
        Assert.Equal(2, comments.Count);
        Assert.StartsWith("<!-- omk-proof:linux -->", comments[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("<!-- omk-proof:windows -->", comments[1].Body, StringComparison.Ordinal);
        Assert.Contains("`linux`", comments[0].Body, StringComparison.Ordinal);
        Assert.Equal(["POST", "POST", "PATCH"], _github.Writes.Select(w => w.Method));
    }

    [Fact]
    public async Task A_fork_pull_request_gets_summary_annotations_and_outputs_and_a_notice_instead_of_a_comment()
    {
        using var runner = new ActionHarness(_github, fork: true);
        _github.ReadOnlyToken = true;

        Assert.Equal(1, await runner.RunAsync("--gates", "build=true\ntest=false"));

        Assert.Empty(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("# ❌ Omk proof: failed", runner.Summary, StringComparison.Ordinal);
        Assert.Equal("failed", runner.Outputs["verdict"]);
        Assert.Equal(string.Empty, runner.Outputs["comment-id"]);
        Assert.Contains("::error title=omk%3A gate test failed::Gate 'test' failed: exit code 1.", runner.Log, StringComparison.Ordinal);
        var notice = Assert.Single(runner.Log.Split('\n'), l => l.StartsWith("::notice", StringComparison.Ordinal));
        Assert.Contains("comes from a fork (contributor/widgets)", notice, StringComparison.Ordinal);
        Assert.Contains("Resource not accessible by integration", notice, StringComparison.Ordinal);
        Assert.Contains("workflow_run companion workflow (docs/github-action.md#fork-pull-requests)", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("::warning", runner.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_write_permission_gets_a_notice_naming_the_permission()
    {
        using var runner = new ActionHarness(_github);
        _github.ReadOnlyToken = true;

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));

        Assert.Contains("Give the job 'permissions: pull-requests: write'", runner.Log, StringComparison.Ordinal);
        Assert.Equal("ready", runner.Outputs["verdict"]);
    }

    [Fact]
    public async Task Server_errors_are_retried_and_the_comment_is_written_once()
    {
        using var runner = new ActionHarness(_github);
        _github.Fail("GET", "/issues/7/comments", 500, "Server Error");
        _github.Fail("POST", "/issues/7/comments", 502, "Bad Gateway");

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));

        Assert.Single(_github.Comments(ActionHarness.PullRequest));
        // GET (500), GET again, POST (502), list again (not there), POST again.
        Assert.Equal(
            ["GET", "GET", "POST", "GET", "POST"],
            _github.Requests.Where(r => r.PathAndQuery.Contains("/issues/7/comments", StringComparison.Ordinal)).Select(r => r.Method));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], runner.Delays);
        Assert.Contains("omk: GitHub: GET /repos/octo/widgets/issues/7/comments: 500 Server Error; retrying in 1 s (try 2 of 4).", runner.Log, StringComparison.Ordinal);
        Assert.Contains("listing the comments again", runner.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_that_went_through_before_a_server_error_is_not_repeated()
    {
        using var runner = new ActionHarness(_github);
        // GitHub wrote the comment but the answer was lost (504): the retry must find it, not post a second one.
        _github.Fail("POST", "/issues/7/comments", 504, "Gateway Timeout", afterWriting: true);

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));

        var only = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("Omk proof: ready", only.Body, StringComparison.Ordinal);
        Assert.Equal(["POST", "PATCH"], _github.Writes.Select(w => w.Method));
    }

    [Fact]
    public async Task A_secondary_rate_limit_is_waited_out_as_Retry_After_says()
    {
        using var runner = new ActionHarness(_github);
        _github.Fail("POST", "/issues/7/comments", 403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", retryAfter: "3");

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));

        Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Equal([TimeSpan.FromSeconds(3)], runner.Delays);
        Assert.Equal(["POST", "POST"], _github.Writes.Select(w => w.Method));
    }

    [Fact]
    public async Task A_wait_beyond_the_limit_gives_up_with_a_warning_and_keeps_the_verdict()
    {
        using var runner = new ActionHarness(_github);
        _github.Fail("GET", "/issues/7/comments", 429, "API rate limit exceeded", retryAfter: "3600");

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));

        Assert.Empty(runner.Delays);
        Assert.Empty(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("GitHub asks to wait 3600 s, more than the 60 s allowed: giving up.", runner.Log, StringComparison.Ordinal);
        Assert.Contains("::warning title=omk%3A no PR comment::The proof comment could not be written: GET /repos/octo/widgets/issues/7/comments: 429 API rate limit exceeded.", runner.Log, StringComparison.Ordinal);
        Assert.Equal("ready", runner.Outputs["verdict"]);
    }

    [Fact]
    public async Task A_body_over_65536_characters_is_truncated_with_a_pointer_to_the_job_summary()
    {
        using var runner = new ActionHarness(_github);
        var noise = new string('x', 230);
        var gates = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"gate{i:000}=!echo {noise}; exit 1"));

        Assert.Equal(1, await runner.RunAsync("--gates", gates, "--parallel", "2"));

        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.InRange(comment.Body.Length, 60_000, 65_536);
        Assert.Contains("✂️ **Truncated**", comment.Body, StringComparison.Ordinal);
        Assert.Contains("The whole proof is in the [job summary](https://github.com/octo/widgets/actions/runs/4242)", comment.Body, StringComparison.Ordinal);
        Assert.StartsWith(Marker, comment.Body, StringComparison.Ordinal);
        Assert.Equal(0, comment.Body.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2); // every fence closed
        Assert.True(runner.Summary.Length > 65_536);
        Assert.Contains("### ❌ gate200", runner.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("### ❌ gate200", comment.Body, StringComparison.Ordinal);
        Assert.Contains("::notice title=omk%3A annotations dropped::190 more finding(s) or failed gate(s) are not annotated", runner.Log, StringComparison.Ordinal);
        Assert.Equal(10, runner.Log.Split('\n').Count(l => l.StartsWith("::error ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task On_failure_writes_nothing_while_ready_but_updates_an_earlier_failure()
    {
        using var runner = new ActionHarness(_github);

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true", "--comment", "on-failure"));
        Assert.Empty(_github.Comments(ActionHarness.PullRequest));
        Assert.Equal(string.Empty, runner.Outputs["comment-id"]);

        Assert.Equal(1, await runner.RunAsync("--gates", "build=false", "--comment", "on-failure"));
        Assert.Contains("Omk proof: failed", Assert.Single(_github.Comments(ActionHarness.PullRequest)).Body, StringComparison.Ordinal);

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true", "--comment", "on-failure"));
        Assert.Contains("Omk proof: ready", Assert.Single(_github.Comments(ActionHarness.PullRequest)).Body, StringComparison.Ordinal);
        Assert.Equal(["POST", "PATCH"], _github.Writes.Select(w => w.Method));
    }

    [Fact]
    public async Task On_change_leaves_the_comment_alone_while_the_verdict_and_the_gates_stay_the_same()
    {
        using var runner = new ActionHarness(_github);

        Assert.Equal(1, await runner.RunAsync("--gates", "build=true\ntest=false", "--comment", "on-change"));
        Assert.Equal(1, await runner.RunAsync("--gates", "build=true\ntest=false", "--comment", "on-change"));
        Assert.Single(_github.Writes);
        var id = Assert.Single(_github.Comments(ActionHarness.PullRequest)).Id;
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), runner.Outputs["comment-id"]);
        Assert.Contains("omk: comment: on-change: nothing to write; the comment stays as it is", runner.Log, StringComparison.Ordinal);

        Assert.Equal(1, await runner.RunAsync("--gates", "build=false\ntest=false", "--comment", "on-change"));
        Assert.Equal(["POST", "PATCH"], _github.Writes.Select(w => w.Method));
    }

    [Fact]
    public async Task Never_and_events_without_a_pull_request_write_no_comment_but_still_report()
    {
        using (var runner = new ActionHarness(_github))
        {
            Assert.Equal(0, await runner.RunAsync("--gates", "build=true", "--comment", "never"));
            Assert.Contains("omk: comment: never, so no pull request comment.", runner.Log, StringComparison.Ordinal);
            Assert.Contains("# ✅ Omk proof: ready", runner.Summary, StringComparison.Ordinal);
        }

        using (var push = new ActionHarness(_github, eventName: "push"))
        {
            Assert.Equal(0, await push.RunAsync("--gates", "build=true"));
            Assert.Contains("omk: not a pull request event (push), so no pull request comment", push.Log, StringComparison.Ordinal);
            Assert.Equal("ready", push.Outputs["verdict"]);
        }

        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task A_personal_access_token_finds_its_own_comments()
    {
        using var runner = new ActionHarness(_github);
        runner.Environment[ActionInputs.TokenVariable] = "ghp_PersonalToken0123456789";

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));
        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));

        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Equal(FakeGitHub.PatUser, comment.Login);
        Assert.Equal(["POST", "PATCH"], _github.Writes.Select(w => w.Method));
    }

    [Fact]
    public async Task A_GitHub_Enterprise_api_url_is_used_exactly_with_its_path()
    {
        using var runner = new ActionHarness(_github);
        _github.PathPrefix = "/api/v3";
        runner.Environment["GITHUB_API_URL"] = _github.Url.AbsoluteUri + "api/v3";

        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));
        Assert.Equal(0, await runner.RunAsync("--gates", "build=true"));

        Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Equal(["POST", "PATCH"], _github.Writes.Select(w => w.Method));
        Assert.All(_github.Requests, r => Assert.StartsWith("/api/v3/repos/octo/widgets/issues/", r.PathAndQuery, StringComparison.Ordinal));
    }
}
