using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.Reuse;

/// <summary>
/// A real git repository and a cache directory of its own (<c>$OMK_CACHE_DIR</c>), with a counter file outside the
/// repository that gates append to, so a test sees exactly which gate processes ran.
/// </summary>
public sealed class ReuseRepo : IDisposable
{
    private readonly TempDirectory _outside = new("omk-reuse");

    public TempGitRepo Git { get; } = new();

    public string Path => Git.Path;

    public string CacheDirectory => _outside.Combine("cache");

    /// <summary>A gate command that appends its name to the counter file and passes.</summary>
    public string Counting(string name) => $"{name}=!echo {name} >> '{_outside.Combine("ran.txt")}'";

    /// <summary>The names of the gate processes that ran so far, in order.</summary>
    public IReadOnlyList<string> Ran() =>
        File.Exists(_outside.Combine("ran.txt")) ? File.ReadAllLines(_outside.Combine("ran.txt")).Select(l => l.Trim()).ToList() : [];

    public string CounterFile => _outside.Combine("ran.txt");

    public Task<ChildProcess.Result> OmkAsync(params string[] args) => OmkAsync(new Dictionary<string, string?>(), args);

    public Task<ChildProcess.Result> OmkAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        OmkProcess.RunAsync(Path, new Dictionary<string, string?>(environment) { ["OMK_CACHE_DIR"] = CacheDirectory }, args);

    /// <summary>Runs <c>omk proof --json</c> with these arguments and returns its proof; the exit code must be <paramref name="exit"/>.</summary>
    public async Task<JsonElement> ProofAsync(int exit, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var result = await OmkAsync(environment ?? new Dictionary<string, string?>(), ["proof", "--json", .. args]);
        Assert.True(result.ExitCode == exit, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    public Task<JsonElement> ProofAsync(params string[] args) => ProofAsync(0, null, args);

    public static JsonElement Gate(JsonElement proof, string name) =>
        proof.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("name").GetString() == name);

    /// <summary>The run a reused gate came from, or null when it ran.</summary>
    public static string? ReusedFrom(JsonElement proof, string name) =>
        Gate(proof, name).TryGetProperty("reused_from", out var from) ? from.GetProperty("run").GetString() : null;

    public static string InputKey(JsonElement proof, string name) => Gate(proof, name).GetProperty("input_key").GetString()!;

    public static string RunId(JsonElement proof) => proof.GetProperty("run_id").GetString()!;

    /// <summary>The kinds of the events of a run, in order.</summary>
    public IReadOnlyList<string> EventKinds(JsonElement proof) =>
        File.ReadAllLines(System.IO.Path.Combine(Path, ".omk", "runs", RunId(proof), "events.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()!)
            .ToList();

    public void Dispose()
    {
        Git.Dispose();
        _outside.Dispose();
    }
}
