using System.Text.Json;

namespace Omk.Tests.GateScripts;

/// <summary>
/// What <c>omk proof</c> does with the catalog's gates at run time: command gate options apply, and code gates (run
/// in a child process) fail on a throw or a hang without stopping the run, keep their output, and leave their
/// message and evidence in the proof.
/// </summary>
[Collection(CatalogRepoDefinition.Name)]
public sealed class CodeGateRunTests(CatalogRepo catalog)
{
    private JsonElement Proof()
    {
        Assert.True(catalog.Proof.ExitCode == 1, catalog.Proof.ToString()); // throws and hangs are required and fail
        return GateScriptRepo.Json(catalog.Proof.Stdout);
    }

    private JsonElement Gate(string name) =>
        Proof().GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("name").GetString() == name);

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    private string Log(JsonElement gate) =>
        File.ReadAllText(Path.Combine(catalog.Repo.RunDirectory(), Text(gate.GetProperty("evidence"), "output_path")));

    [Fact]
    public void A_code_gate_that_throws_fails_with_the_exception_message_and_the_other_gates_still_run()
    {
        var proof = Proof();
        Assert.Equal("failed", Text(proof, "status"));
        var throws = Gate("throws");
        Assert.Equal("failed", Text(throws, "status"));
        Assert.Equal("code", Text(throws, "kind"));
        Assert.Equal("threw Exception: the check blew up", Text(throws.GetProperty("evidence"), "reason"));
        Assert.Contains("System.Exception: the check blew up", Log(throws), StringComparison.Ordinal);

        var statuses = proof.GetProperty("gates").EnumerateArray()
            .ToDictionary(g => Text(g, "name"), g => Text(g, "status"));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["restore"] = "passed",
                ["compile"] = "passed",
                ["lint"] = "passed",
                ["docs"] = "passed",
                ["legacy"] = "passed",
                ["perf"] = "skipped",
                ["nightly"] = "skipped",
                ["changed-files"] = "passed",
                ["evidence"] = "passed",
                ["no-todo"] = "failed",
                ["throws"] = "failed",
                ["hangs"] = "failed",
            },
            statuses);
        Assert.Equal(["gate no-todo failed (allowed to fail)", "gate throws failed", "gate hangs failed"],
            proof.GetProperty("known_gaps").EnumerateArray().Select(g => g.GetString()!).Where(g => g.StartsWith("gate ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_hanging_code_gate_is_stopped_at_its_timeout()
    {
        var evidence = Gate("hangs").GetProperty("evidence");
        Assert.True(evidence.GetProperty("timed_out").GetBoolean());
        Assert.Equal(2, evidence.GetProperty("timeout_secs").GetInt32());
        Assert.Equal("timed out after 2 s; process tree killed", Text(evidence, "reason"));
        Assert.InRange(evidence.GetProperty("duration_ms").GetInt64(), 1_900, 15_000);
        Assert.True(catalog.ProofWallTime < TimeSpan.FromSeconds(30), $"the proof run took {catalog.ProofWallTime}");

        // What it printed before the kill is kept, and the child process is gone.
        Assert.Contains("hangs: going to sleep\n", Log(Gate("hangs")), StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            var marker = Path.GetFileName(catalog.Repo.RunDirectory());
            Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), d => CommandLineContains(d, marker));
        }
    }

    private static bool CommandLineContains(string procDirectory, string text)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline")).Contains(text, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // not a process, or one that ended meanwhile
        }
    }

    [Fact]
    public void Everything_a_code_gate_prints_lands_in_its_log_in_order()
    {
        var log = Log(Gate("evidence"));
        var printed = log.IndexOf("printfn: checking evidence\n", StringComparison.Ordinal);
        var logged = log.IndexOf("ctx.Log: about to run echo\n", StringComparison.Ordinal);
        var child = log.IndexOf("echo: from a child process\n", StringComparison.Ordinal);
        Assert.True(printed >= 0 && logged > printed && child > logged, log);
        Assert.Equal(
            "printfn: checking evidence\nctx.Log: about to run echo\necho: from a child process",
            Text(Gate("evidence").GetProperty("evidence"), "stdout_summary"));
    }

    [Fact]
    public void Messages_and_evidence_of_code_gates_reach_the_proof()
    {
        var evidence = Gate("evidence").GetProperty("evidence");
        Assert.Equal("evidence attached", Text(evidence, "message"));
        var values = evidence.GetProperty("values");
        Assert.Equal("debug", Text(values, "flavour")); // from the #load'ed helper
        Assert.Equal("echo 'echo: from a child process' -> exit 0", Text(values, "process 1")); // ctx.Run records its process

        var noTodo = Gate("no-todo");
        Assert.Equal("failed", Text(noTodo, "status"));
        Assert.True(noTodo.GetProperty("allow_fail").GetBoolean());
        Assert.Equal("TODO left in src/app.txt", Text(noTodo.GetProperty("evidence"), "reason"));
        Assert.Equal("TODO left in src/app.txt", Text(noTodo.GetProperty("evidence"), "message"));
    }

    [Fact]
    public void Changed_files_reach_the_code_gate_context()
    {
        var changed = Gate("changed-files").GetProperty("evidence");
        Assert.Equal("1 changed file(s)", Text(changed, "message"));
        Assert.Equal(CatalogRepo.ChangedFile, Text(changed.GetProperty("values"), "changed"));
        Assert.Equal("True", Text(changed.GetProperty("values"), "all_exist")); // ChangedPaths are absolute paths that exist
        Assert.Equal([CatalogRepo.ChangedFile],
            Proof().GetProperty("changed_files").EnumerateArray().Select(f => Text(f, "path")));
    }

    [Fact]
    public void Command_gate_options_apply_at_run_time()
    {
        var compile = Gate("compile");
        Assert.Equal("compiling in src as debug", Text(compile.GetProperty("evidence"), "stdout_summary")); // workingDir, env
        Assert.Equal(300, compile.GetProperty("evidence").GetProperty("timeout_secs").GetInt32());
        Assert.Equal(["build", "fast"], compile.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("LINT: NO ISSUES", Text(Gate("lint").GetProperty("evidence"), "stdout_summary")); // shell
        Assert.Equal("restoring packages", Text(Gate("restore").GetProperty("evidence"), "stdout_summary")); // run
        Assert.False(Gate("docs").GetProperty("required").GetBoolean());
        Assert.False(Gate("legacy").GetProperty("required").GetBoolean());
        foreach (var skipped in new[] { "perf", "nightly" })
        {
            var evidence = Gate(skipped).GetProperty("evidence");
            Assert.Equal("skipped by configuration", Text(evidence, "reason"));
            Assert.False(evidence.TryGetProperty("exit_code", out _));
        }

        Assert.Equal(["gates/build.fsx", "gates/checks.fsx"],
            Proof().GetProperty("gates").EnumerateArray().Select(g => Text(g, "source_file")).Distinct());
    }
}
