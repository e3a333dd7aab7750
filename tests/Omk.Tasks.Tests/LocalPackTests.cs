using System.Text.RegularExpressions;
using Omk.Testing;
using Xunit.Abstractions;

namespace Omk.Tasks.Tests;

/// <summary>
/// Local packs without surprises: each pack gets its own version, a repository referencing <c>0.1.0-local.*</c>
/// takes the newest pack even with the previous one in its NuGet cache, and packing never deletes the tool's launcher.
/// </summary>
[Collection(OmkTasksPackageCollection.Name)]
public sealed partial class LocalPackTests(OmkTasksPackage package, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_local_packs_in_a_row_get_two_versions_and_each_is_used_by_a_scratch_repository()
    {
        using var repo = new ScratchRepo(package);
        repo.Write("Directory.Build.props", "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"Omk.Tasks\" Version=\"0.1.0-local.*\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>\n");
        var launcher = Path.Combine(OmkTasksPackage.RepoRoot, "src", "Omk.Cli", "bin", "Release", "net8.0", OperatingSystem.IsWindows() ? "omk.exe" : "omk");

        var first = await PackAsync();
        Assert.True(File.Exists(launcher), $"packing Omk.Tasks deleted the omk launcher {launcher}");
        var usedFirst = await BuildAsync(repo);

        var second = await PackAsync();
        Assert.True(File.Exists(launcher), $"packing Omk.Tasks deleted the omk launcher {launcher}");
        var usedSecond = await BuildAsync(repo);

        Assert.NotEqual(first, second);
        Assert.True(string.CompareOrdinal(second, first) > 0, $"{second} sorts after {first}");
        Assert.Equal(first, usedFirst);
        Assert.Equal(second, usedSecond); // the first is in the NuGet cache, and still the new pack is used
    }

    private async Task<string> PackAsync()
    {
        var before = Directory.GetFiles(package.Feed, "Omk.Tasks.0.1.0-local.*.nupkg").ToHashSet();
        // Versions are what this test is about: the packs skip the ReadyToRun code (the fixture's pack has it), so each
        // takes a minute rather than several.
        var pack = await Dotnet.RunAsync(
            OmkTasksPackage.RepoRoot, null,
            "pack", Path.Combine(OmkTasksPackage.RepoRoot, "src", "Omk.Tasks"), "-c", "Release", "-p:OmkReadyToRun=false", "-o", package.Feed, "--disable-build-servers", "-nologo", "-v", "q");
        output.WriteLine($"$ {pack.CommandLine} → exit {pack.ExitCode} in {pack.Elapsed.TotalSeconds:0.0} s");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var made = Assert.Single(Directory.GetFiles(package.Feed, "Omk.Tasks.0.1.0-local.*.nupkg").Except(before));
        var version = Path.GetFileNameWithoutExtension(made)["Omk.Tasks.".Length..];
        Assert.Matches(LocalVersion(), version);
        return version;
    }

    // Builds with -t:OmkProof (restore re-resolving the floating version, as `dotnet restore --force` does) and returns the Omk.Tasks version the restore chose.
    private async Task<string> BuildAsync(ScratchRepo repo)
    {
        var build = await repo.DotnetAsync("build", "-t:OmkProof", "-p:RestoreForce=true");
        output.WriteLine($"$ {build.CommandLine} → exit {build.ExitCode} in {build.Elapsed.TotalSeconds:0.0} s");
        Assert.True(build.ExitCode == 0, build.ToString());
        var assets = File.ReadAllText(Path.Combine(repo.Path, "A", "obj", "project.assets.json"));
        return UsedVersion().Match(assets) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no Omk.Tasks in the assets file:\n" + assets);
    }

    [GeneratedRegex(@"^0\.1\.0-local\.\d{8}T\d{6}$")]
    private static partial Regex LocalVersion();

    [GeneratedRegex(@"""Omk\.Tasks/(0\.1\.0-local\.[0-9T]+)""")]
    private static partial Regex UsedVersion();
}
