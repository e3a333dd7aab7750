using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests;

public sealed class RunsCommandTests
{
    [Fact]
    public async Task Runs_list_show_and_proof_show_read_back_what_proof_recorded()
    {
        using var repo = new TempGitRepo();
        var first = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true");
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "bad=false");
        Assert.True(second.ExitCode == 1, second.ToString());

        var list = await OmkProcess.RunAsync(repo.Path, "runs", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var runs = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["ready", "failed"], runs.Select(r => r.GetProperty("status").GetString()));

        var show = await OmkProcess.RunAsync(repo.Path, "runs", "show", "latest", "--kind", "gate_failed", "--json");
        Assert.True(show.ExitCode == 0, show.ToString());
        var timeline = JsonDocument.Parse(show.Stdout).RootElement;
        Assert.Equal(runs[1].GetProperty("run_id").GetString(), timeline.GetProperty("run_id").GetString());
        var entry = Assert.Single(timeline.GetProperty("timeline").EnumerateArray());
        Assert.Equal("gate_failed", entry.GetProperty("kind").GetString());
        Assert.Contains("gate_id=bad", entry.GetProperty("summary").GetString(), StringComparison.Ordinal);

        var text = await OmkProcess.RunAsync(repo.Path, "runs", "show", runs[0].GetProperty("run_id").GetString()!);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("run_started", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("gate_passed", text.Stdout, StringComparison.Ordinal);

        var md = await OmkProcess.RunAsync(repo.Path, "proof", "show", "latest");
        Assert.True(md.ExitCode == 0, md.ToString());
        Assert.StartsWith("# ❌ Omk proof: failed", md.Stdout, StringComparison.Ordinal);
        var json = await OmkProcess.RunAsync(repo.Path, "proof", "show", "latest", "--format", "json", "--regenerate");
        Assert.Equal("failed", JsonDocument.Parse(json.Stdout).RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("runs", "show", "latest")]
    [InlineData("runs", "show", "run-20000101-000000-000")]
    [InlineData("proof", "show", "latest")]
    [InlineData("proof", "show", "latest", "--format", "html")]
    [InlineData("runs", "show", "latest", "--kind", "not_a_kind")]
    public async Task Unknown_runs_and_bad_options_are_usage_errors(params string[] args)
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("omk: ", result.Stderr, StringComparison.Ordinal);
    }
}
