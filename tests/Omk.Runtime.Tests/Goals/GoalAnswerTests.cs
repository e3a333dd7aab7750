using Omk.Delivery;
using Omk.Gates;
using Omk.Goals;
using Omk.Processes;

namespace Omk.Tests.Goals;

/// <summary>Reading the planner's and the reviewer's answers, the deterministic review checks, and the delivery's small rules.</summary>
public sealed class GoalAnswerTests
{
    private static readonly GateSet Declared = new([new GateDefinition { Name = "build", Command = ProcessCommand.Shell("true") }], "test");

    [Fact]
    public void A_plan_in_one_fenced_block_is_validated_like_a_task_file()
    {
        var answer = GoalPlanAnswer.Parse("Plan:\n```json\n{\"tasks\":[{\"id\":\"a\",\"prompt\":\"x\",\"gates\":[\"build\"]}]}\n```\n", Declared, "answer");

        Assert.Null(answer.Error);
        Assert.Equal("a", Assert.Single(answer.Tasks!).Id);
    }

    [Theory]
    [InlineData("no json here", "no fenced json block")]
    [InlineData("```json\n{}\n```\n```json\n{}\n```", "2 fenced json blocks")]
    [InlineData("```json\n{\"tasks\":[{\"id\":\"a\",\"prompt\":\"x\",\"writeset\":[]}]}\n```", "unknown field 'writeset'")]
    [InlineData("```json\n{\"tasks\":[{\"id\":\"a\",\"prompt\":\"x\",\"gates\":[\"lint\"]}]}\n```", "field 'gates' names lint, not declared")]
    [InlineData("```json\n{\"tasks\":[{\"id\":\"a\",\"prompt\":\"x\",\"depends_on\":[\"a\"]}]}\n```", "task 'a'")]
    public void An_invalid_plan_says_what_is_wrong(string text, string expected)
    {
        var answer = GoalPlanAnswer.Parse(text, Declared, "answer");

        Assert.Null(answer.Tasks);
        Assert.Contains(expected, answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Questions_instead_of_a_plan_are_read_as_questions()
    {
        var answer = GoalPlanAnswer.Parse("```json\n{\"questions\":[\"Which endpoint?\",\"What limit?\"]}\n```", Declared, "answer");

        Assert.Equal(["Which endpoint?", "What limit?"], answer.Questions);
        Assert.Null(answer.Tasks);
    }

    [Fact]
    public void A_review_is_read_with_its_findings_and_explicit_approvals_and_an_unreadable_one_requests_changes()
    {
        var review = GoalReviewAnswer.Parse("```json\n{\"verdict\":\"request_changes\",\"findings\":[{\"file\":\"a.cs\",\"line\":3,\"message\":\"null check\"}],\"approve_sensitive\":[\"gates/x.fsx\"]}\n```");
        Assert.Equal(GoalReviewAnswer.RequestChanges, review.Verdict);
        Assert.Equal(new GoalReviewFinding("a.cs", 3, "null check"), Assert.Single(review.Findings));
        Assert.Equal(["gates/x.fsx"], review.ApproveSensitive);

        var unreadable = GoalReviewAnswer.Parse("```json\n{\"verdict\":\"lgtm\"}\n```");
        Assert.Equal(GoalReviewAnswer.RequestChanges, unreadable.Verdict);
        Assert.Contains("'lgtm'", Assert.Single(unreadable.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_to_what_judges_a_change_are_sensitive()
    {
        var sensitive = GoalReviewChecks.Sensitive(["src/a.cs", "gates/quality.fsx", ".omk/config.json", ".github/workflows/ci.yml", "tests/ci.runsettings", "docs/x.md"]);

        Assert.Equal(["gates/quality.fsx", ".omk/config.json", ".github/workflows/ci.yml", "tests/ci.runsettings"], sensitive);
        Assert.Equal(["build/x.fsx"], GoalReviewChecks.Sensitive(["build/x.fsx", "gates/y.fsx"], "build"));
    }

    [Fact]
    public void Files_outside_every_write_set_are_found()
    {
        var tasks = new[] { new Omk.Teams.TeamTask { Id = "a", Title = "a", Prompt = "x", WriteSet = ["src/**"] } };

        Assert.Equal(["README.md"], GoalReviewChecks.OutsideWriteSets(["src/a.cs", "README.md"], tasks));
    }

    [Theory]
    [InlineData("https://github.com/acme/widgets.git", "acme", "widgets")]
    [InlineData("git@github.com:acme/widgets.git", "acme", "widgets")]
    [InlineData("/srv/git/acme/widgets.git", "acme", "widgets")]
    [InlineData("https://ghe.example.com/org/repo", "org", "repo")]
    public void The_repository_behind_a_remote_is_its_last_two_segments(string url, string owner, string name) =>
        Assert.Equal((owner, name), BranchDelivery.Parse(url));

    [Fact]
    public void A_pull_request_body_is_cut_to_githubs_limit_and_says_so()
    {
        var cut = PullRequestDelivery.Cut(new string('x', 100_000));

        Assert.Equal(PullRequestDelivery.BodyLimit, cut.Length);
        Assert.Contains("cut to GitHub's limit", cut, StringComparison.Ordinal);
        Assert.Equal("short", PullRequestDelivery.Cut("short"));
        Assert.Equal("first line", PullRequestDelivery.Title("first line\nmore"));
    }
}
