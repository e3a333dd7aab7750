using Omk.Testing;

namespace Omk.Tests;

/// <summary>The README's install path, for real: pack src/Omk.Cli, install the tool from a local feed named in a
/// nuget.config (no --source), and run it on another repository.</summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task The_packed_tool_installs_from_a_local_feed_named_in_nuget_config_and_runs_a_proof_elsewhere()
    {
        using var work = new TempDirectory("omk-tool");
        var feed = work.Combine("feed");
        var environment = ScratchSdkRepo.Environment();
        var checkout = CopyOfSources(work.Combine("checkout")); // packing in the checkout would restore its obj/ for this pack only
        var pack = await ChildProcess.RunAsync(
            "dotnet", ["pack", Path.Combine(checkout, "src", "Omk.Cli"), "-c", "Release", "-o", feed, "-p:Version=999.0.0-tooltest", "--nologo", "-v", "q"],
            checkout, Set(environment), TimeSpan.FromMinutes(10), Removed(environment)); // packing ReadyToRun on a loaded machine
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.True(File.Exists(Path.Combine(feed, "Omk.Tool.999.0.0-tooltest.nupkg")), pack.ToString());

        work.Write("install/nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="omk-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var tools = work.Combine("tools");
        environment["NUGET_PACKAGES"] = work.Combine("packages"); // never a stale copy of this version from the user's cache
        var install = await ChildProcess.RunAsync(
            "dotnet", ["tool", "install", "Omk.Tool", "--version", "999.0.0-tooltest", "--tool-path", tools],
            work.Combine("install"), Set(environment), TimeSpan.FromMinutes(3), Removed(environment));
        Assert.True(install.ExitCode == 0, install.ToString());

        using var repo = new TempGitRepo();
        var proof = await ChildProcess.RunAsync(Path.Combine(tools, "omk"), ["proof", "--gate", "ok=true"], repo.Path, Set(environment), TimeSpan.FromMinutes(2), Removed(environment));
        Assert.True(proof.ExitCode == 0, proof.ToString());
        Assert.Contains(": ready.", proof.Stdout, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")));
    }

    private static string CopyOfSources(string target)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json" }.Where(f => File.Exists(Path.Combine(RepoPaths.Root, f))))
        {
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(target, file));
        }

        var src = Path.Combine(RepoPaths.Root, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var destination = Path.Combine(target, "src", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static Dictionary<string, string> Set(Dictionary<string, string?> environment) =>
        environment.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);

    private static List<string> Removed(Dictionary<string, string?> environment) =>
        environment.Where(p => p.Value is null).Select(p => p.Key).ToList();
}
