using Omk.Testing;
using System.Diagnostics;

namespace Omk.Tests.GateScripts;

/// <summary>
/// The catalog fixture (<c>Fixtures/catalog</c>: two gate scripts and a <c>#load</c>ed helper using every gate option,
/// command gates and code gates) in one temporary repository, compiled once for every test that only reads what omk
/// did with it: <c>omk gates list --json</c> twice with <c>OMK_TRACE_ASSEMBLIES=1</c> (the first compiles, the second
/// finds the cache), then one <c>omk proof --json</c> after changing <c>src/app.txt</c>.
/// </summary>
public sealed class CatalogRepo : IAsyncLifetime
{
    public const string ChangedFile = "src/app.txt";

    private static readonly Dictionary<string, string?> Trace = new() { ["OMK_TRACE_ASSEMBLIES"] = "1" };

    private GateScriptRepo? _repo;

    public GateScriptRepo Repo => _repo ?? throw new InvalidOperationException("not initialized");

    /// <summary>The first <c>omk gates list --json</c> (a cold cache), traced.</summary>
    public ChildProcess.Result FirstList { get; private set; } = null!;

    /// <summary>The compiled assemblies in the cache after the first list.</summary>
    public IReadOnlyList<string> AssembliesAfterFirstList { get; private set; } = [];

    /// <summary>The second <c>omk gates list --json</c> (nothing changed), traced.</summary>
    public ChildProcess.Result SecondList { get; private set; } = null!;

    /// <summary><c>omk proof --json</c> with <see cref="ChangedFile"/> modified.</summary>
    public ChildProcess.Result Proof { get; private set; } = null!;

    /// <summary>How long the proof run took, start to exit.</summary>
    public TimeSpan ProofWallTime { get; private set; }

    public async Task InitializeAsync()
    {
        _repo = GateScriptRepo.FromFixture("catalog");
        FirstList = await _repo.OmkAsync(Trace, "gates", "list", "--json");
        AssembliesAfterFirstList = _repo.CompiledAssemblies();
        SecondList = await _repo.OmkAsync(Trace, "gates", "list", "--json");
        _repo.Write(ChangedFile, "version 2\n");
        var watch = Stopwatch.StartNew();
        Proof = await _repo.OmkAsync("proof", "--json");
        ProofWallTime = watch.Elapsed;
    }

    public Task DisposeAsync()
    {
        _repo?.Dispose();
        return Task.CompletedTask;
    }
}
