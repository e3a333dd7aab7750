using Omk.GitHubAction.Tests.Support;

namespace Omk.GitHubAction.Tests;

/// <summary>The built program: a gate filter gives a partial verdict, findings become annotations at their lines, and
/// the pull request comment lists failed tests with their messages.</summary>
[Collection(BuiltProgram.Collection)]
public sealed class EvidenceReportTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task A_gate_filter_gives_the_verdict_partial_names_what_did_not_run_and_passes_the_step()
    {
        using var runner = new ActionHarness(_github);
        runner.Repo.Write("gates/quality.fsx", """
            open Omk.Gates

            gate "build" { run "true" }
            gate "test" { run "true"; dependsOn "build" }
            gate "format" { run "true"; tag "conventions" }

            """);
        runner.Repo.Commit("gates");

        var result = await runner.RunProgramAsync("--gate-filter", "tag:conventions");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("partial", runner.Outputs["verdict"]);
        Assert.Contains("partial (filter 'tag:conventions'; not run: build, test)", runner.Outputs["summary"], StringComparison.Ordinal);
        Assert.Contains("::warning title=omk%3A partial run::The proof is partial: partial run: filter 'tag:conventions' selected format; not run: build, test", result.Stdout, StringComparison.Ordinal);
        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("# ⚠️ Omk proof: partial", comment.Body, StringComparison.Ordinal);
        Assert.Contains("not run: `build`, `test`", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_are_annotated_at_their_lines_and_failed_tests_are_listed_with_messages_in_the_comment()
    {
        using var runner = new ActionHarness(_github);
        runner.Repo.Write("src/App.cs", "class App\n{\n    int x = 1\n}\n");
        runner.Repo.Write("tests/test_app.py", "def test_app():\n    assert 1 == 2\n");
        var junit = """<testsuites><testsuite name="pytest"><testcase classname="tests.test_app" name="test_app"><failure message="assert 1 == 2">tests/test_app.py:2: AssertionError</failure></testcase><testcase classname="tests.test_app" name="test_ok"/></testsuite></testsuites>""";
        runner.Repo.Write("tests/junit.xml", junit);
        runner.Repo.Write("gates/quality.fsx", """
            open Omk.Gates

            gate "build" { shell "echo \"$PWD/src/App.cs(3,14): error CS1002: ; expected [$PWD/App.csproj]\"; exit 1" }
            gate "pytest" { shell "mkdir -p out && cp tests/junit.xml out/junit.xml; exit 1"; results "out/junit.xml" }

            """);
        runner.Repo.Write(".gitignore", "out/\n");
        runner.Repo.Commit("broken");

        var result = await runner.RunProgramAsync();

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("failed", runner.Outputs["verdict"]);
        Assert.Contains("::error file=src/App.cs,line=3,col=14,title=omk%3A CS1002 (gate build)::; expected", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("::error file=tests/test_app.py,line=2,title=omk%3A test failed (gate pytest)::Test tests.test_app.test_app failed:%0Aassert 1 == 2", result.Stdout, StringComparison.Ordinal);
        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest)).Body;
        Assert.Contains("| tests.test_app.test_app | tests/test_app.py:2 | assert 1 == 2 |", comment, StringComparison.Ordinal);
        Assert.Contains("- Tests: 2 total, 1 passed, 1 failed, 0 skipped", comment, StringComparison.Ordinal);
        Assert.Contains("| ❌ src/App.cs:3:14 | CS1002 | ; expected |", comment, StringComparison.Ordinal);
    }
}
