using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests;

/// <summary>One timeout rule for every gate source: the gate's own, else --timeout, else the default; the proof says which.</summary>
public sealed class GateTimeoutRuleTests
{
    private static JsonElement Evidence(ChildProcess.Result result, string gate) =>
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("gates").EnumerateArray()
            .Single(g => g.GetProperty("name").GetString() == gate).GetProperty("evidence").Clone();

    [Fact]
    public async Task Timeout_kills_a_slow_command_line_gate()
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "slow=sleep 60", "--timeout", "1s", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var evidence = Evidence(result, "slow");
        Assert.True(evidence.GetProperty("timed_out").GetBoolean());
        Assert.Equal("--timeout", evidence.GetProperty("timeout_source").GetString());
        Assert.True(evidence.GetProperty("duration_ms").GetInt64() < 30_000);
    }

    [Fact]
    public async Task Timeout_kills_a_slow_script_gate_without_its_own_timeout_and_a_script_timeout_wins_over_it()
    {
        using var repo = new TempGitRepo();
        repo.Write("gates/slow.fsx", """
            open Omk.Gates

            gate "slow" { shell "sleep 60" }
            gate "own" { shell "sleep 60"; timeout (seconds 1) }

            """);
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--timeout", "2s", "--parallel", "2", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var slow = Evidence(result, "slow");
        Assert.True(slow.GetProperty("timed_out").GetBoolean());
        Assert.Equal(2, slow.GetProperty("timeout_secs").GetInt64());
        Assert.Equal("--timeout", slow.GetProperty("timeout_source").GetString());
        var own = Evidence(result, "own");
        Assert.True(own.GetProperty("timed_out").GetBoolean());
        Assert.Equal(1, own.GetProperty("timeout_secs").GetInt64());
        Assert.Equal("gate (gates/slow.fsx:4)", own.GetProperty("timeout_source").GetString());
    }

    [Fact]
    public async Task A_gate_does_not_inherit_the_front_door_of_the_omk_that_started_it()
    {
        // The main job: MSBuild starts omk with OMK_HOST=msbuild; an omk inside a gate (a repository's own tests) is a plain one.
        using var repo = new TempGitRepo();
        var env = new Dictionary<string, string?> { ["OMK_HOST"] = "msbuild" };
        var result = await OmkProcess.RunAsync(repo.Path, env, "proof", "--gate", "host=!test -z \"$OMK_HOST\"", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("passed", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("gates")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_timeout_the_default_applies_and_is_recorded_as_the_default()
    {
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "ok=true", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var evidence = Evidence(result, "ok");
        Assert.Equal(1800, evidence.GetProperty("timeout_secs").GetInt64());
        Assert.Equal("default", evidence.GetProperty("timeout_source").GetString());
    }
}
