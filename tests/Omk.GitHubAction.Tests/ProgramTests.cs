using System.Text.RegularExpressions;
using Omk.GitHubAction.Tests.Support;

namespace Omk.GitHubAction.Tests;

/// <summary>The built program as the composite action runs it: F# gate scripts with code gates, the token, publish mode.</summary>
[Collection(BuiltProgram.Collection)]
public sealed class ProgramTests : IAsyncLifetime
{
    private const string Scripts = """
        open Omk.Gates

        gate "build" { run "true"; tag "build" }

        gate "changed-files" {
            check (fun ctx ->
                match ctx.ChangedFiles with
                | [] -> Fail "no changed files"
                | files ->
                    let names = String.concat "," files
                    PassWith $"{files.Length} changed file(s): {names}")
            dependsOn "build"
        }

        gate "no-widgets" {
            check (fun ctx ->
                if ctx.ChangedFiles |> List.exists (fun f -> f.Contains "widget") then Fail "widgets are not allowed" else Pass)
        }

        gate "spelling" { shell "echo 'teh' >&2; exit 1"; allowFail }
        """;

    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task Gate_scripts_with_code_gates_run_through_the_program_and_are_annotated_at_their_declarations()
    {
        using var runner = new ActionHarness(_github);
        runner.Repo.Write("gates/checks.fsx", Scripts);
        runner.Repo.Commit("gates");

        var result = await runner.RunProgramAsync();

        Assert.True(result.ExitCode == 1, result.ToString());
        var proof = File.ReadAllText(runner.Outputs["proof-json"]);
        Assert.Contains("\"name\": \"changed-files\",\n      \"status\": \"passed\"", proof, StringComparison.Ordinal);
        Assert.Contains("2 changed file(s): gates/checks.fsx,src/widget.txt", proof, StringComparison.Ordinal); // against origin/main
        Assert.Contains("omk: 4 gate(s) from gates/*.fsx (1 script(s)); changes against origin/main", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("::error file=gates/checks.fsx,line=15,title=omk%3A gate no-widgets failed::Gate 'no-widgets' failed: widgets are not allowed.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("::warning file=gates/checks.fsx,line=20,title=omk%3A gate spelling failed (allowed)::Gate 'spelling' failed (allowed to fail): exit code 1.", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("failed", runner.Outputs["verdict"]);
        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("| no-widgets | ❌ failed | yes |", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_is_masked_first_and_reaches_no_gate_file_or_output()
    {
        using var runner = new ActionHarness(_github);

        var result = await runner.RunProgramAsync("--gates", "env=!env; echo \"token=[$OMK_GITHUB_TOKEN]\"");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("::add-mask::" + ActionHarness.Token + "\n", result.Stdout, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(result.Stdout + result.Stderr, ActionHarness.Token));
        var runDir = runner.Outputs["run-dir"];
        foreach (var file in Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(ActionHarness.Token, File.ReadAllText(file), StringComparison.Ordinal);
        }

        Assert.Contains("token=[]", File.ReadAllText(Path.Combine(runDir, "gates", "01-env.log")), StringComparison.Ordinal);
        Assert.DoesNotContain(ActionHarness.Token, runner.Summary + runner.OutputText + _github.Comments(ActionHarness.PullRequest)[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeout_and_after_inputs_kill_a_slow_gate_and_order_the_gates_and_the_log_names_the_gates_input()
    {
        using var runner = new ActionHarness(_github);

        var result = await runner.RunProgramAsync("--gates", "slow=sleep 60\nfirst=true", "--after", "slow:first", "--timeout", "2s", "--parallel", "2");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("omk: 2 gate(s) from the gates input", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--gate options", result.Stdout, StringComparison.Ordinal);
        var proof = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(runner.Outputs["run-dir"], "proof.json"))).RootElement;
        var slow = proof.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "slow").GetProperty("evidence");
        Assert.True(slow.GetProperty("timed_out").GetBoolean());
        Assert.Equal("action input timeout", slow.GetProperty("timeout_source").GetString());
        Assert.True(slow.GetProperty("duration_ms").GetInt64() < 30_000);

        var bad = await runner.RunProgramAsync("--gates", "a=true", "--timeout", "soon");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("input 'timeout' is not a duration", bad.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_inputs_and_broken_gate_scripts_exit_2_with_an_error_annotation()
    {
        using var runner = new ActionHarness(_github);

        var publish = await runner.RunProgramAsync("--mode", "goal-publish");
        Assert.Equal(2, publish.ExitCode);
        Assert.Contains("::error title=omk%3A cannot run::mode 'goal-publish' needs the input 'proof-dir'", publish.Stdout, StringComparison.Ordinal);

        var filter = await runner.RunProgramAsync("--gates", "build=true", "--gate-filter", "lint");
        Assert.Equal(2, filter.ExitCode);
        Assert.Contains("::error title=omk%3A configuration::gate filter 'lint' matches no gate; the gates are: build.", filter.Stdout, StringComparison.Ordinal);
        Assert.Equal("error", runner.Outputs["verdict"]);

        runner.Repo.Write("gates/broken.fsx", "open Omk.Gates\n\ngate \"x\" { run 42 }\n");
        var broken = await runner.RunProgramAsync();
        Assert.Equal(2, broken.ExitCode);
        Assert.Matches(@"::error file=gates/broken\.fsx,line=3,title=omk%3A gate script error::FS\d+: ", broken.Stdout);
        Assert.Contains("The gate scripts have errors; no gate ran.", runner.Summary, StringComparison.Ordinal);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task Publish_mode_posts_the_fork_proof_from_the_companion_workflow()
    {
        using var runner = new ActionHarness(_github, fork: true);
        _github.ReadOnlyToken = true;
        var proof = await runner.RunProgramAsync("--gates", "build=true\ntest=false");
        Assert.Equal(1, proof.ExitCode);
        Assert.Empty(_github.Comments(ActionHarness.PullRequest));
        var artifact = runner.Outputs["run-dir"];
        var savedEvent = Path.Combine(runner.RunnerDirectory, "saved-event.json");
        File.Copy(runner.EventPath, savedEvent);

        // The companion: on workflow_run, with a write token, from the artifact.
        _github.ReadOnlyToken = false;
        var trigger = Path.Combine(runner.RunnerDirectory, "workflow_run.json");
        runner.Environment["GITHUB_EVENT_NAME"] = "workflow_run";
        runner.Environment["GITHUB_EVENT_PATH"] = trigger;
        File.WriteAllText(trigger, $$$"""{"action":"completed","workflow_run":{"head_sha":"{{{runner.Repo.Git("rev-parse", "HEAD")}}}","pull_requests":[]}}""");

        var publish = await runner.RunProgramAsync("--mode", "publish", "--proof-dir", artifact, "--event-file", savedEvent, "--fail-on", "never");

        Assert.True(publish.ExitCode == 0, publish.ToString());
        var comment = Assert.Single(_github.Comments(ActionHarness.PullRequest));
        Assert.Contains("# ❌ Omk proof: failed", comment.Body, StringComparison.Ordinal);
        Assert.Equal("failed", runner.Outputs["verdict"]);
        Assert.DoesNotContain("::error", publish.Stdout, StringComparison.Ordinal);

        // An artifact whose event names another head commit publishes nothing.
        File.WriteAllText(trigger, """{"action":"completed","workflow_run":{"head_sha":"0000000000000000000000000000000000000000"}}""");
        var requests = _github.Requests.Count;
        var other = await runner.RunProgramAsync("--mode", "publish", "--proof-dir", artifact, "--event-file", savedEvent);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("nothing is published", other.Stdout, StringComparison.Ordinal);
        Assert.Equal(requests, _github.Requests.Count);
        Assert.Single(_github.Comments(ActionHarness.PullRequest));
    }
}
