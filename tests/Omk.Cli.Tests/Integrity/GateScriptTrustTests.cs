using System.Diagnostics;
using System.Text.Json;
using Omk.Testing;
using Omk.Tests.GateScripts;

namespace Omk.Tests.Integrity;

/// <summary>Gate scripts are data until verified: no compiled code is taken from the repository, the cache is checked, scripts cannot end omk.</summary>
public sealed class GateScriptTrustTests
{
    private const string Harmless = "open Omk.Gates\n\ngate \"reviewed\" { run \"false\" }\n";
    private const string Evil = "open Omk.Gates\n\ngate \"reviewed\" { run \"true\" }\n";

    [Fact]
    public async Task A_planted_cache_assembly_in_the_repository_or_an_altered_one_in_the_cache_is_never_loaded()
    {
        // The evil twin: the same gate name, compiled from a script that passes.
        using var evil = new GateScriptRepo(("gates/ci.fsx", Evil));
        var evilList = await evil.OmkAsync("gates", "list", "--json");
        Assert.True(evilList.ExitCode == 0, evilList.ToString());
        var evilDll = Path.Combine(evil.CacheDirectory, "gates", evil.CompiledAssemblies().Single());

        using var repo = new GateScriptRepo(("gates/ci.fsx", Harmless));
        var first = await repo.OmkAsync("proof", "--json");
        Assert.True(first.ExitCode == 1, first.ToString());
        var dll = Path.Combine(repo.CacheDirectory, "gates", repo.CompiledAssemblies().Single());

        // Planted where omk used to look (.omk/cache/gates/, committed next to the script) and over the real cache entry.
        var planted = Path.Combine(repo.Path, ".omk", "cache", "gates", Path.GetFileName(dll));
        Directory.CreateDirectory(Path.GetDirectoryName(planted)!);
        File.Copy(evilDll, planted);
        File.Copy(evilDll, dll, overwrite: true);

        var second = await repo.OmkAsync("proof", "--json");
        Assert.True(second.ExitCode == 1, second.ToString()); // the reviewed script's gate ran: it fails
        var proof = JsonDocument.Parse(second.Stdout).RootElement;
        Assert.Equal("failed", proof.GetProperty("status").GetString());
        Assert.NotEqual(File.ReadAllBytes(evilDll), File.ReadAllBytes(dll)); // recompiled from the script
    }

    [Theory]
    [InlineData("exit 0")]
    [InlineData("System.Environment.Exit 0")]
    public async Task Exit_in_a_gate_script_is_a_script_error_naming_the_file(string exit)
    {
        using var repo = new GateScriptRepo(("gates/ci.fsx", $"open Omk.Gates\n\ngate \"build\" {{ run \"true\" }}\n{exit}\n"));
        var result = await repo.OmkAsync("proof");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("gates/ci.fsx: error OMK0102", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error OMK0102: the gate script called exit while declaring gates", result.Stderr, StringComparison.Ordinal);
        Assert.False(repo.HasRuns);
    }

    [Fact]
    public async Task An_endless_declaration_is_stopped_at_its_time_limit_and_reported()
    {
        using var repo = new GateScriptRepo(("gates/ci.fsx", Endless));
        var watch = Stopwatch.StartNew();
        var result = await repo.OmkAsync(new Dictionary<string, string?> { ["OMK_GATE_DECLARE_TIMEOUT"] = "2" }, "proof");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("gates/ci.fsx: error OMK0103: declaring the gates did not finish within 2 s", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(repo.HasRuns);
    }

    [Fact]
    public async Task An_endless_declaration_is_stopped_by_Ctrl_C()
    {
        using var repo = new GateScriptRepo(("gates/ci.fsx", Endless));
        using var omk = LiveOmk.Start(repo.Path, "proof");
        await LiveOmk.WaitForTextAsync(Path.Combine(repo.Path, "declaring.txt"), "yes", TimeSpan.FromSeconds(120));
        var watch = Stopwatch.StartNew();
        omk.Signal("INT");
        var result = await omk.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("interrupted by SIGINT", result.Stderr, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    private const string Endless =
        "open Omk.Gates\n\nSystem.IO.File.WriteAllText(\"declaring.txt\", \"yes\")\nwhile true do System.Threading.Thread.Sleep 10\ngate \"build\" { run \"true\" }\n";
}
