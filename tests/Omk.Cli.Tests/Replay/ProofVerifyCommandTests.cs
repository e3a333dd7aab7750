using System.Text;
using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Replay;

/// <summary><c>omk proof verify</c>: a run copied anywhere checks out; one changed byte in any of its records is named.</summary>
public sealed class ProofVerifyCommandTests
{
    [Fact]
    public async Task One_changed_byte_in_the_log_a_gate_log_or_the_proof_is_named_and_exits_1()
    {
        using var repo = new TempGitRepo();
        var proof = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "build=true", "--gate", "test=!echo hello from test");
        Assert.True(proof.ExitCode == 0, proof.ToString());
        var runs = Path.Combine(repo.Path, ".omk", "runs");
        var original = Path.Combine(runs, File.ReadAllText(Path.Combine(runs, "latest")).Trim());

        var latest = await OmkProcess.RunAsync(repo.Path, "proof", "verify");
        Assert.True(latest.ExitCode == 0, latest.ToString());
        Assert.Contains("the proof matches its records: events.jsonl, gates/01-build.log, gates/02-test.log, proof.json, proof.md", latest.Stdout, StringComparison.Ordinal);

        using var elsewhere = new TempDirectory("omk-verify");
        var cases = new (string File, string From, string To)[]
        {
            ("events.jsonl", "\"build\"", "\"bxild\""),
            ("gates/02-test.log", "hello", "jello"),
            ("proof.json", "\"passed\"", "\"passes\""),
        };
        foreach (var (file, from, to) in cases)
        {
            var copy = Copy(original, elsewhere.Combine(file.Replace('/', '-'), Path.GetFileName(original)));
            var clean = await OmkProcess.RunAsync(elsewhere.Path, "proof", "verify", copy);
            Assert.True(clean.ExitCode == 0, clean.ToString()); // a copied run verifies where it lies

            var path = Path.Combine(copy, file);
            var bytes = File.ReadAllBytes(path);
            var at = Encoding.UTF8.GetString(bytes).IndexOf(from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"{from} not in {file}");
            var changed = Enumerable.Range(0, from.Length).Single(i => from[i] != to[i]);
            bytes[at + changed] = (byte)to[changed]; // one byte, the size unchanged
            File.WriteAllBytes(path, bytes);

            var result = await OmkProcess.RunAsync(elsewhere.Path, "proof", "verify", Path.Combine(copy, "proof.json"), "--json");
            Assert.True(result.ExitCode == 1, result.ToString());
            var mismatches = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("mismatches");
            Assert.Equal([file], mismatches.EnumerateArray().Select(m => m.GetProperty("file").GetString()));
        }

        var renamed = Copy(original, elsewhere.Combine("renamed", "downloaded-run"));
        var underAnotherName = await OmkProcess.RunAsync(elsewhere.Path, "proof", "verify", renamed);
        Assert.True(underAnotherName.ExitCode == 0, underAnotherName.ToString()); // the run id is the log's, not the folder's

        var missing = await OmkProcess.RunAsync(elsewhere.Path, "proof", "verify", Path.Combine(elsewhere.Path, "nowhere", "proof.json"));
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("nowhere", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_appended_after_the_proof_is_named()
    {
        using var repo = new TempGitRepo();
        Assert.Equal(1, (await OmkProcess.RunAsync(repo.Path, "proof", "--gate", "build=false")).ExitCode);
        var runs = Path.Combine(repo.Path, ".omk", "runs");
        var run = Path.Combine(runs, File.ReadAllText(Path.Combine(runs, "latest")).Trim());
        var log = Path.Combine(run, "events.jsonl");
        var lines = File.ReadAllLines(log);
        var passed = lines.First(l => l.Contains("\"gate_failed\"", StringComparison.Ordinal)).Replace("gate_failed", "gate_passed", StringComparison.Ordinal);
        File.AppendAllText(log, passed + "\n");

        var result = await OmkProcess.RunAsync(repo.Path, "proof", "verify", "latest");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("changed: events.jsonl 1 event(s) were appended after the proof was written (gate_passed)", result.Stdout, StringComparison.Ordinal);
    }

    private static string Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }
}
