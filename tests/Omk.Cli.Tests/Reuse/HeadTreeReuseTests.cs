using Omk.Testing;

namespace Omk.Tests.Reuse;

/// <summary>
/// A proof on a HEAD seen before finds its tree in the results cache: with real omk and a git on PATH that logs each call
/// before running the real git, the reusing run starts git once (its status), and a run that runs gates twice.
/// </summary>
public sealed class HeadTreeReuseTests
{
    [Fact]
    public async Task A_proof_on_a_head_seen_before_starts_git_only_for_its_status()
    {
        using var repo = new ReuseRepo();
        using var bin = new TempDirectory("omk-git-log");
        var log = bin.Combine("calls.txt");
        var realGit = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "git")).First(File.Exists);
        var wrapper = bin.Write("git", $"#!/bin/sh\necho \"$3\" >> '{log}'\nexec '{realGit}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, File.GetUnixFileMode(wrapper) | UnixFileMode.UserExecute);
        }

        var environment = new Dictionary<string, string?> { ["PATH"] = bin.Path + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") };
        string[] gates = ["--gate", repo.Counting("a")];

        var first = await repo.ProofAsync(0, environment, gates);
        var firstCalls = File.ReadAllLines(log);
        File.Delete(log);
        var second = await repo.ProofAsync(0, environment, gates);
        var secondCalls = File.ReadAllLines(log);
        File.Delete(log);
        var third = await repo.ProofAsync(0, environment, [.. gates, "--no-reuse"]);
        var thirdCalls = File.ReadAllLines(log);

        Assert.Contains("rev-parse", firstCalls); // the first run on this HEAD asks git for its tree, once
        Assert.Equal(1, firstCalls.Count(c => c == "rev-parse"));
        Assert.Equal(["status"], secondCalls);
        Assert.Equal(["status", "status"], thirdCalls); // before the gates, and after them to store their results
        Assert.Equal(["a", "a"], repo.Ran());
        Assert.Equal(ReuseRepo.RunId(first), ReuseRepo.ReusedFrom(second, "a"));
        Assert.Equal(ReuseRepo.InputKey(first, "a"), ReuseRepo.InputKey(second, "a"));
        Assert.Equal(ReuseRepo.InputKey(first, "a"), ReuseRepo.InputKey(third, "a"));
        var started = System.Text.Json.JsonDocument.Parse(File.ReadLines(Path.Combine(repo.Path, ".omk", "runs", ReuseRepo.RunId(third), "events.jsonl")).First());
        Assert.Equal(repo.Git.Git("rev-parse", "HEAD^{tree}"), started.RootElement.GetProperty("payload").GetProperty("tree").GetString());
    }
}
