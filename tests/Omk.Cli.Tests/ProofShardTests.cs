using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests;

/// <summary><c>omk proof --shard I/N</c> and <c>omk proof merge</c> as processes, on a real repository.</summary>
public sealed class ProofShardTests
{
    private static readonly string[] EightGates = [.. Enumerable.Range(1, 8).SelectMany(i => new[] { "--gate", $"g{i}=true" }), "--after", "g2:g1"];

    private static async Task<string> ShardAsync(TempGitRepo repo, string shard, string stateDir, params string[] gates)
    {
        var result = await OmkProcess.RunAsync(repo.Path, ["proof", .. gates.Length == 0 ? EightGates : gates, "--shard", shard, "--state-dir", stateDir, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        return Path.Combine(stateDir, "runs", proof.GetProperty("run_id").GetString()!);
    }

    [Fact]
    public async Task Four_shards_of_eight_gates_merge_into_one_ready_proof_and_a_missing_shard_leaves_it_partial()
    {
        using var repo = new TempGitRepo();
        using var temp = new TempDirectory("omk-shards");
        var shards = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            shards.Add(await ShardAsync(repo, $"{i}/4", temp.Combine($"s{i}")));
        }

        var partial = JsonDocument.Parse(File.ReadAllText(Path.Combine(shards[1], "proof.json"))).RootElement;
        Assert.Equal("partial", partial.GetProperty("status").GetString());
        Assert.Equal(2, partial.GetProperty("shard").GetProperty("index").GetInt32());
        Assert.Equal(4, partial.GetProperty("shard").GetProperty("total").GetInt32());
        Assert.StartsWith("sha256:", partial.GetProperty("shard").GetProperty("gate_set_hash").GetString(), StringComparison.Ordinal);
        Assert.Equal(repo.Git("rev-parse", "HEAD"), partial.GetProperty("commit").GetString());
        var withG1 = shards.Select(s => JsonDocument.Parse(File.ReadAllText(Path.Combine(s, "proof.json"))).RootElement)
            .Single(p => p.GetProperty("gates").EnumerateArray().Any(g => g.GetProperty("name").GetString() == "g1"));
        Assert.Contains(withG1.GetProperty("gates").EnumerateArray(), g => g.GetProperty("name").GetString() == "g2"); // with its dependency

        var merged = temp.Combine($"merged");
        var result = await OmkProcess.RunAsync(repo.Path, ["proof", "merge", .. shards, "-o", merged, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var proof = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("ready", proof.GetProperty("status").GetString());
        var gates = proof.GetProperty("gates").EnumerateArray().ToList();
        Assert.Equal(8, gates.Count);
        Assert.All(gates, g => Assert.Equal("passed", g.GetProperty("status").GetString()));
        Assert.All(gates, g => Assert.True(File.Exists(Path.Combine(merged, g.GetProperty("evidence").GetProperty("output_path").GetString()!))));
        Assert.Equal(4, proof.GetProperty("merge").GetProperty("shards").GetArrayLength());
        Assert.Equal(repo.Git("rev-parse", "HEAD"), proof.GetProperty("commit").GetString());
        var verify = await OmkProcess.RunAsync(repo.Path, "proof", "verify", merged);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        var missing = temp.Combine($"missing");
        result = await OmkProcess.RunAsync(repo.Path, ["proof", "merge", shards[0], shards[1], shards[3], "-o", missing, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        proof = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("partial", proof.GetProperty("status").GetString());
        Assert.Equal([3], proof.GetProperty("merge").GetProperty("missing_shards").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Contains("merge of shards 1,2,4 of 4", proof.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shard_of_another_commit_is_refused_naming_both()
    {
        using var repo = new TempGitRepo();
        using var temp = new TempDirectory("omk-shards");
        var first = await ShardAsync(repo, "1/2", temp.Combine($"a"));
        var before = repo.Git("rev-parse", "HEAD");
        repo.Write("later.txt", "later\n");
        repo.Commit("later");
        var second = await ShardAsync(repo, "2/2", temp.Combine($"b"));

        var output = temp.Combine($"m");
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "merge", first, second, "-o", output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"shard 2/2 ({Path.GetFullPath(second)}) ran on commit {repo.Git("rev-parse", "HEAD")}, but shard 1/2 ({Path.GetFullPath(first)}) on {before}", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_gate_that_ran_in_two_shards_is_refused_naming_it()
    {
        using var repo = new TempGitRepo();
        using var temp = new TempDirectory("omk-shards");
        string[] gates = ["--gate", "a=true", "--gate", "b=true", "--gate", "c=true", "--gate", "d=!sleep 0.5"];
        // Shard 1/2 without history: a and c. Shard 2/2 with a history where d is slow: a, b and c.
        var first = await ShardAsync(repo, "1/2", temp.Combine($"fresh"), gates);
        var history = temp.Combine($"history");
        var whole = await OmkProcess.RunAsync(repo.Path, ["proof", .. gates, "--state-dir", history]);
        Assert.True(whole.ExitCode == 0, whole.ToString());
        var second = await ShardAsync(repo, "2/2", history, gates);

        var result = await OmkProcess.RunAsync(repo.Path, "proof", "merge", first, second, "-o", temp.Combine($"m"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"gate 'a' ran twice: in shard 1/2 ({Path.GetFullPath(first)}) and in shard 2/2 ({Path.GetFullPath(second)})", result.Stderr, StringComparison.Ordinal);
    }
}
