using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests;

/// <summary><c>.omk/runs/latest</c>, <c>omk runs log</c> and absolute log paths: a failing gate's log one command away.</summary>
public sealed class RunsLogCommandTests
{
    private const string Noisy = "test=!for i in $(seq 1 50); do echo line $i; done; echo 'expected 42' >&2; exit 1";

    [Fact]
    public async Task Runs_log_latest_test_tail_prints_the_end_of_the_test_gate_log()
    {
        using var repo = new TempGitRepo();
        var proof = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "build=true", "--gate", Noisy);
        Assert.True(proof.ExitCode == 1, proof.ToString());

        var runs = Path.Combine(repo.Path, ".omk", "runs");
        var id = File.ReadAllText(Path.Combine(runs, "latest")).Trim();
        Assert.True(Directory.Exists(Path.Combine(runs, id)), id);
        var log = Path.Combine(runs, id, "gates", "02-test.log");
        Assert.Contains("log: " + log, proof.Stderr, StringComparison.Ordinal);

        var tail = await OmkProcess.RunAsync(repo.Path, "runs", "log", "latest", "test", "--tail", "20");
        Assert.True(tail.ExitCode == 0, tail.ToString());
        var lines = tail.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(20, lines.Length);
        Assert.Equal(File.ReadAllLines(log)[^20..], lines);
        Assert.Contains("line 50", tail.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("line 30\n", tail.Stdout, StringComparison.Ordinal);
        Assert.Equal("omk: " + log, tail.Stderr.Trim());

        var byDefault = await OmkProcess.RunAsync(repo.Path, "runs", "log");
        Assert.True(byDefault.ExitCode == 0, byDefault.ToString());
        Assert.Equal("omk: " + log, byDefault.Stderr.Trim()); // the first failed gate's log

        var gateOnly = await OmkProcess.RunAsync(repo.Path, "runs", "log", "build");
        Assert.True(gateOnly.ExitCode == 0, gateOnly.ToString());
        Assert.EndsWith("01-build.log", gateOnly.Stderr.Trim(), StringComparison.Ordinal);

        var unknown = await OmkProcess.RunAsync(repo.Path, "runs", "log", id, "lint");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("has no log for gate 'lint'; its gate logs are: build, test", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_names_the_newest_run()
    {
        using var repo = new TempGitRepo();
        Assert.True((await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "a=true")).ExitCode == 0);
        Assert.True((await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "b=true")).ExitCode == 0);

        var runs = Path.Combine(repo.Path, ".omk", "runs");
        var newest = Directory.GetDirectories(runs).Select(Path.GetFileName).Order(StringComparer.Ordinal).Last();
        Assert.Equal(newest, File.ReadAllText(Path.Combine(runs, "latest")).Trim());
        Assert.DoesNotContain(Directory.GetFiles(runs, ".*"), f => Path.GetFileName(f) != ".gitignore"); // no temp file left behind (the ignore rule is meant)
        var list = await OmkProcess.RunAsync(repo.Path, "runs", "list", "--json");
        Assert.Equal(2, JsonDocument.Parse(list.Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task With_repo_a_subfolder_changed_files_are_relative_to_it_as_ctx_RepoRoot_is()
    {
        using var repo = new TempGitRepo();
        repo.Write("src/lib.txt", "one\n");
        repo.Commit("lib");
        repo.Write("src/lib.txt", "two\n");
        repo.Write("docs/outside.md", "not in src\n");
        repo.Write("src/gates/files.fsx", """
            open Omk.Gates

            gate "files" {
                check (fun ctx ->
                    let missing = ctx.ChangedFiles |> List.filter (fun f -> not (System.IO.File.Exists(System.IO.Path.Combine(ctx.RepoRoot, f))))
                    if missing.IsEmpty then PassWith (String.concat "," ctx.ChangedFiles) else Fail (sprintf "not under RepoRoot: %A" missing))
            }

            """);

        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--repo", "src", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        var changed = proof.GetProperty("changed_files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        Assert.Contains("lib.txt", changed);
        Assert.DoesNotContain(changed, p => p!.StartsWith("src/", StringComparison.Ordinal) || p.Contains("outside", StringComparison.Ordinal));
    }
}
