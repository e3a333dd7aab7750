using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.GateScripts;

/// <summary>
/// A temporary git repository holding gate scripts (written inline or copied from <c>GateScripts/Fixtures/</c>),
/// with ways to run the real omk in it and to look at what it left under <c>.omk/</c>.
/// </summary>
public sealed class GateScriptRepo : IDisposable
{
    private readonly TempGitRepo _git = new();
    private readonly TempDirectory _cache = new("omk-cache");

    /// <summary>A repository with these files (path relative to the root, text), committed.</summary>
    public GateScriptRepo(params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            _git.Write(path, text);
        }

        _git.Commit("gate scripts");
    }

    public string Path => _git.Path;

    /// <summary>A repository with a copy of the fixture folder <c>GateScripts/Fixtures/&lt;name&gt;</c>, byte for byte, committed.</summary>
    public static GateScriptRepo FromFixture(string name)
    {
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "GateScripts", "Fixtures", name);
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (System.IO.Path.GetRelativePath(source, f), File.ReadAllText(f)))
            .ToArray();
        Assert.NotEmpty(files);
        return new GateScriptRepo(files);
    }

    public string Write(string relative, string text) => _git.Write(relative, text);

    public void Commit(string message) => _git.Commit(message);

    /// <summary>This repository's own gate script cache (<c>$OMK_CACHE_DIR</c> of every omk it runs), so tests can count what was compiled.</summary>
    public string CacheDirectory => _cache.Path;

    /// <summary>Runs git in the repository; returns its output.</summary>
    public string Git(params string[] args) => _git.Git(args);

    public Task<ChildProcess.Result> OmkAsync(params string[] args) => OmkAsync(new Dictionary<string, string?>(), args);

    public Task<ChildProcess.Result> OmkAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        OmkProcess.RunAsync(Path, new Dictionary<string, string?>(environment) { ["OMK_CACHE_DIR"] = _cache.Path }, args);

    /// <summary>Whether any run directory was created under the default state root.</summary>
    public bool HasRuns => Directory.Exists(System.IO.Path.Combine(Path, ".omk", "runs"));

    /// <summary>The one run directory under the default state root.</summary>
    public string RunDirectory() => Assert.Single(Directory.GetDirectories(System.IO.Path.Combine(Path, ".omk", "runs")));

    /// <summary>The file names of the compiled gate script assemblies in the repository's cache (<c>$OMK_CACHE_DIR/gates/</c>).</summary>
    public IReadOnlyList<string> CompiledAssemblies()
    {
        var cache = System.IO.Path.Combine(_cache.Path, "gates");
        return Directory.Exists(cache)
            ? Directory.GetFiles(cache, "gates-*.dll").Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>The 1-based line of the only line of <paramref name="text"/> that contains <paramref name="marker"/>.</summary>
    public static int LineOf(string text, string marker)
    {
        var lines = text.Split('\n');
        var index = Assert.Single(Enumerable.Range(0, lines.Length), i => lines[i].Contains(marker, StringComparison.Ordinal));
        return index + 1;
    }

    /// <summary>The 1-based column where <paramref name="marker"/> starts on its (only) line.</summary>
    public static int ColumnOf(string text, string marker) =>
        text.Split('\n')[LineOf(text, marker) - 1].IndexOf(marker, StringComparison.Ordinal) + 1;

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        _git.Dispose();
        _cache.Dispose();
    }
}
