using Xunit.Abstractions;

namespace Omk.Tasks.Tests;

/// <summary>A plain <c>dotnet build</c> is not changed by referencing Omk.Tasks: no gate runs, the outputs are the same bytes.</summary>
[Collection(OmkTasksPackageCollection.Name)]
public sealed class PlainBuildTests(OmkTasksPackage package, ITestOutputHelper output)
{
    private static readonly string[] Projects = ["A", "B"];

    [Fact]
    public async Task A_plain_build_writes_byte_identical_outputs_with_and_without_the_package_and_runs_no_gate()
    {
        using var repo = new ScratchRepo(package);

        // Same directory both times: deterministic builds embed paths, so only the package may differ.
        repo.ReferencePackage(false);
        var without = await BuildAsync(repo);
        var withoutFiles = Outputs(repo.Path);
        Clean(repo.Path);
        repo.ReferencePackage(true);
        var with = await BuildAsync(repo);
        var withFiles = Outputs(repo.Path);

        Assert.True(without.ExitCode == 0, without.ToString());
        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.Contains($"\"Omk.Tasks/{OmkTasksPackage.Version}\"", File.ReadAllText(Path.Combine(repo.Path, "A", "obj", "project.assets.json"), System.Text.Encoding.UTF8));
        Assert.Contains("    0 Warning(s)", with.Lines);
        Assert.Contains(Path.Combine("A", "bin", "Debug", "net10.0", "A.dll"), withFiles.Keys);
        Assert.Equal(withoutFiles.Keys.Order(StringComparer.Ordinal), withFiles.Keys.Order(StringComparer.Ordinal));
        Assert.All(withFiles, file => Assert.True(file.Value.AsSpan().SequenceEqual(withoutFiles[file.Key]), $"{file.Key} differs with the package"));
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk")), "a plain build must not run omk");
    }

    private async Task<Dotnet.Result> BuildAsync(ScratchRepo repo)
    {
        var result = await repo.DotnetAsync("build", ScratchRepo.Solution);
        output.WriteLine($"$ {result.CommandLine} → exit {result.ExitCode} in {result.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    /// <summary>Every file under A/bin and B/bin, by path relative to the repository, with its bytes.</summary>
    private static Dictionary<string, byte[]> Outputs(string root) =>
        Projects
            .Select(p => Path.Combine(root, p, "bin"))
            .Where(Directory.Exists)
            .SelectMany(bin => Directory.EnumerateFiles(bin, "*", SearchOption.AllDirectories))
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);

    private static void Clean(string root)
    {
        foreach (var project in Projects)
        {
            foreach (var folder in new[] { "bin", "obj" })
            {
                var path = Path.Combine(root, project, folder);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        }
    }
}
