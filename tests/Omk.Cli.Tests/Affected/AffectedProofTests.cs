using System.Text.Json;
using Omk.Testing;
using Omk.Tests.GateScripts;

namespace Omk.Tests.Affected;

/// <summary>
/// <c>omk proof --affected</c> with the real omk, real git and real <c>dotnet msbuild</c> evaluation of scratch projects
/// (no build): the per-project gates of projects the change since the base does not reach are skipped, and the proof
/// says which and why.
/// </summary>
public sealed class AffectedProofTests
{
    private const string Script = """
        open Omk.Gates

        for name in [ "Lib"; "App"; "Tool" ] do
            gate $"check-{name}" { exec "echo" [ name ]; project $"src/{name}/{name}.csproj"; tag "per-project" }

        gate "whole-repo" { exec "echo" [ "every run" ] }
        """;

    [Fact]
    public async Task Only_the_gates_of_projects_the_change_reaches_run_and_the_proof_names_the_skipped_ones_and_why()
    {
        using var repo = new GateScriptRepo(
            ("gates/projects.fsx", Script),
            ("src/Lib/Lib.csproj", SdkProject.Text()),
            ("src/App/App.csproj", SdkProject.Text("""<ItemGroup><ProjectReference Include="../Lib/Lib.csproj" /></ItemGroup>""")),
            ("src/Tool/Tool.csproj", SdkProject.Text()));
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Write("src/Lib/Class1.cs", "class Class1 { }\n");
        repo.Write("docs/notes.md", "notes\n");
        repo.Commit("a change to Lib");

        var result = await repo.OmkAsync("proof", "--affected", "--base", "main", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("omk: --affected: 2 of 3 project(s) affected by 2 changed file(s); 1 gate(s) skipped as unaffected", result.Stderr, StringComparison.Ordinal);
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("ready", proof.GetProperty("status").GetString());
        var gates = proof.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g);
        Assert.Equal(0, gates["check-Lib"].GetProperty("evidence").GetProperty("exit_code").GetInt32());
        Assert.Equal(0, gates["check-App"].GetProperty("evidence").GetProperty("exit_code").GetInt32());
        Assert.Equal(0, gates["whole-repo"].GetProperty("evidence").GetProperty("exit_code").GetInt32());
        Assert.Equal("skipped", gates["check-Tool"].GetProperty("status").GetString());
        Assert.Equal("unaffected: src/Tool/Tool.csproj (no changed file reaches it since main)", gates["check-Tool"].GetProperty("evidence").GetProperty("reason").GetString());

        var affected = proof.GetProperty("affected");
        Assert.Equal("main", affected.GetProperty("base").GetString());
        var projects = affected.GetProperty("projects").EnumerateArray()
            .ToDictionary(p => p.GetProperty("project").GetString()!, p => (p.GetProperty("affected").GetBoolean(), p.GetProperty("reason").GetString()));
        Assert.Equal((true, "changed: src/Lib/Class1.cs"), projects["src/Lib/Lib.csproj"]);
        Assert.Equal((true, "references src/Lib/Lib.csproj (affected)"), projects["src/App/App.csproj"]);
        Assert.Equal((false, "no changed file reaches it"), projects["src/Tool/Tool.csproj"]);
        var skipped = Assert.Single(affected.GetProperty("skipped_gates").EnumerateArray());
        Assert.Equal("check-Tool", skipped.GetProperty("gate").GetString());

        // The selection is a fact of the log: run_started carries it, and proof.md shows it.
        var run = repo.RunDirectory();
        var started = JsonDocument.Parse(File.ReadLines(Path.Combine(run, "events.jsonl")).First()).RootElement;
        Assert.Equal(3, started.GetProperty("payload").GetProperty("affected").GetProperty("projects").GetArrayLength());
        var markdown = File.ReadAllText(Path.Combine(run, "proof.md"));
        Assert.Contains("**Affected** (changes since `main`, 2 changed file(s)): 2 of 3 project(s) affected; 1 per-project gate(s) skipped as unaffected.", markdown, StringComparison.Ordinal);
        Assert.Contains("| `check-Tool` | `src/Tool/Tool.csproj` | no changed file reaches it |", markdown, StringComparison.Ordinal);

        // Re-verification judges the same selection on the same tree: the skipped gate is skipped again, as recorded.
        var verify = await repo.OmkAsync("replay", proof.GetProperty("run_id").GetString()!, "--verify", "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var verdicts = JsonDocument.Parse(verify.Stdout).RootElement.GetProperty("gates").EnumerateArray()
            .Select(g => $"{g.GetProperty("gate").GetString()} {g.GetProperty("verdict").GetString()}");
        Assert.Equal(["check-Lib reproduced", "check-App reproduced", "check-Tool reproduced", "whole-repo reproduced"], verdicts);

        // A change to a folder-wide build file reaches every project below it: nothing is skipped.
        repo.Write("Directory.Build.props", "<Project />\n");
        var everything = await repo.OmkAsync("proof", "--affected", "--base", "main", "--json");
        Assert.True(everything.ExitCode == 0, everything.ToString());
        var all = JsonDocument.Parse(everything.Stdout).RootElement;
        Assert.Equal(0, all.GetProperty("affected").GetProperty("skipped_gates").GetArrayLength());
        Assert.All(all.GetProperty("gates").EnumerateArray(), g => Assert.Equal("passed", g.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Affected_outside_a_git_repository_is_a_usage_error_that_leaves_no_run()
    {
        using var directory = new TempDirectory("omk-affected");
        directory.Write("gates/g.fsx", "open Omk.Gates\ngate \"a\" { exec \"echo\" [ \"a\" ] }\n");

        var result = await OmkProcess.RunAsync(directory.Path, new Dictionary<string, string?> { ["OMK_CACHE_DIR"] = directory.Combine("cache") }, "proof", "--affected");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--affected needs a git repository", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory.Combine(".omk")));
    }
}
