using Omk.Testing;

namespace Omk.Tasks.Tests;

/// <summary>
/// The Omk.Tasks package of this checkout, packed once per test run as <see cref="Version"/> into a temporary
/// feed (the SourceLink/Meziantou way), with one isolated NuGet packages folder shared by every scratch
/// repository of the run, so the package is extracted once.
/// </summary>
public sealed class OmkTasksPackage : IAsyncLifetime
{
    public const string Version = "999.0.0-local";

    private readonly TempDirectory _root = new("omk-tasks-pkg");

    public static string RepoRoot { get; } = RepoPaths.Root;

    /// <summary>The folder holding <c>Omk.Tasks.999.0.0-local.nupkg</c>.</summary>
    public string Feed => _root.Combine("feed");

    /// <summary>The global packages folder (<c>NUGET_PACKAGES</c>) of every build in the run.</summary>
    public string Packages => _root.Combine("packages");

    /// <summary>How long packing took (reported by the first test that wants it).</summary>
    public TimeSpan PackTime { get; private set; }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Packages);
        // The package as it ships: omk published for net8.0 and net10.0, each with ReadyToRun code (the F# compiler
        // compiled ahead twice takes minutes on a busy 2-core machine).
        var pack = await Dotnet.RunAsync(
            RepoRoot,
            null,
            TimeSpan.FromMinutes(15),
            "pack", Path.Combine(RepoRoot, "src", "Omk.Tasks"), "-c", "Release", $"-p:Version={Version}", "-o", Feed,
            "--disable-build-servers", "-nologo", "-v", "q");
        if (pack.ExitCode != 0 || !File.Exists(Path.Combine(Feed, $"Omk.Tasks.{Version}.nupkg")))
        {
            throw new InvalidOperationException($"Packing Omk.Tasks failed:\n{pack}");
        }

        PackTime = pack.Elapsed;
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Every test class that builds against the package: one pack per run, tests one after another.</summary>
[CollectionDefinition(Name)]
public sealed class OmkTasksPackageCollection : ICollectionFixture<OmkTasksPackage>
{
    public const string Name = "Omk.Tasks package";
}
