using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Agents.Tests.Support;
using Omk.Events;
using Omk.Testing;

namespace Omk.Agents.Tests;

/// <summary>
/// `omk ralph` as a user runs it: the real omk process, the real kimi acp agent against the routed fake LLM, and a
/// repository whose declared gate (gates/checks.fsx) fails with a located diagnostic until sum.txt holds 4.
/// </summary>
public sealed class OmkRalphCommandTests
{
    private const string Gates = """"
        open Omk.Gates

        gate "sum" {
            shell """[ "$(cat sum.txt 2>/dev/null)" = 4 ] || { echo "sum.txt(1,1): error SUM001: sum.txt must hold 2 + 2 = 4, it holds '$(cat sum.txt 2>/dev/null)'"; exit 1; }"""
        }
        """";

    private static readonly string SharedCache = Path.Combine(Path.GetTempPath(), "omk-ralph-tests-cache");

    private static FakeAnswer[] Write(string content) =>
    [
        FakeAnswer.Call("Write", new JsonObject { ["path"] = "sum.txt", ["content"] = content + "\n" }, "Writing sum.txt."),
        FakeAnswer.Say("Done."),
    ];

    private static async Task<KimiTeam> SetUpAsync(params FakeAnswer[] script)
    {
        var team = await KimiTeam.CreateAsync(new Dictionary<string, FakeAnswer[]> { ["ralph"] = script });
        team.Environment["XDG_CACHE_HOME"] = SharedCache; // compiled gate scripts, keyed by content: shared by the tests
        team.Repo.Write("gates/checks.fsx", Gates);
        team.Repo.Commit("gates");
        return team;
    }

    private static string[] Args(KimiTeam team, params string[] extra) =>
        ["ralph", $"{FakeLlm.RouteMarker("ralph")} Write sum.txt holding the sum 2 + 2.", "--state-dir", team.StateDir, "--worktree-root", team.WorktreeRoot, "--json", "--approval", "yolo", .. extra];

    [Fact]
    public async Task A_gate_failure_goes_back_to_the_agent_as_a_located_finding_and_the_fixed_round_is_ready()
    {
        await using var team = await SetUpAsync([.. Write("5"), .. Write("4")]);

        var result = await team.OmkAsync(Args(team));

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("ready", json.GetProperty("status").GetString());
        Assert.Equal(2, json.GetProperty("rounds").GetInt32());
        Assert.Equal(4, team.Llm.ServedFor("ralph"));
        // The second round's prompt, in the same session, carried the gate's finding with its file, line and message.
        Assert.Contains("sum.txt:1:1: error SUM001: sum.txt must hold 2 + 2 = 4, it holds '5'", team.Llm.ScriptedRequests[2], StringComparison.Ordinal);
        Assert.Contains("Write sum.txt holding the sum", team.Llm.ScriptedRequests[2], StringComparison.Ordinal);
        Assert.Equal("4", team.Repo.Git("show", $"{json.GetProperty("branch").GetString()}:sum.txt"));
        Assert.Equal(json.GetProperty("commit").GetString(), team.Repo.Git("rev-parse", json.GetProperty("branch").GetString()!));
        var runDir = json.GetProperty("run_dir").GetString()!;
        var proof = JsonDocument.Parse(File.ReadAllText(json.GetProperty("proof_json").GetString()!)).RootElement;
        Assert.Equal("ready", proof.GetProperty("status").GetString());
        Assert.Equal("ralph", proof.GetProperty("mode").GetString());
        Assert.Equal("ralph", KimiTeam.Events(runDir).First(e => e.Kind == EventKind.RunStarted).PayloadString("mode"));
        Assert.True(json.GetProperty("tokens").GetInt64() > 0);
        Assert.Equal(string.Empty, team.Repo.Git("status", "--porcelain", "--untracked-files=all"));
    }

    [Fact]
    public async Task An_agent_that_repeats_itself_ends_not_ready_with_no_progress()
    {
        await using var team = await SetUpAsync([.. Write("5"), .. Write("5")]);

        var result = await team.OmkAsync(Args(team, "--max-rounds", "5"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("not_ready", json.GetProperty("status").GetString());
        Assert.StartsWith("no progress", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, json.GetProperty("rounds").GetInt32());
        Assert.Equal(4, team.Llm.ServedFor("ralph"));
        Assert.Contains("--base omk/", json.GetProperty("next").GetString(), StringComparison.Ordinal);
        var proof = JsonDocument.Parse(File.ReadAllText(json.GetProperty("proof_json").GetString()!)).RootElement;
        Assert.Equal("not_ready", proof.GetProperty("status").GetString());
        Assert.Equal("no_progress", proof.GetProperty("tasks")[0].GetProperty("status").GetString());
    }
}
