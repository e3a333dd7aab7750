using System.IO.Compression;
using System.Reflection.PortableExecutable;

namespace Omk.Tasks.Tests;

/// <summary>
/// The package carries an omk per runtime it may run on, each with ReadyToRun code for linux-x64 (the code the .NET 10
/// runtime uses without compiling again is only in the net10.0 copy), and the targets pick the net10.0 one on SDK 10
/// (this machine has SDK 10 only: the net8.0 choice for SDK 8 and 9 is not run here).
/// </summary>
[Collection(OmkTasksPackageCollection.Name)]
public sealed class PackageLayoutTests(OmkTasksPackage package)
{
    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void Each_runtimes_omk_is_in_the_package_with_ReadyToRun_code(string framework)
    {
        using var nupkg = ZipFile.OpenRead(Path.Combine(package.Feed, $"Omk.Tasks.{OmkTasksPackage.Version}.nupkg"));

        foreach (var assembly in new[] { "omk.dll", "Omk.Runtime.dll", "FSharp.Compiler.Service.dll", "FSharp.Core.dll" })
        {
            var entry = nupkg.GetEntry($"tools/{framework}/{assembly}");
            Assert.True(entry is not null, $"tools/{framework}/{assembly} is missing");
            Assert.True(HasReadyToRunCode(entry), $"tools/{framework}/{assembly} has no ReadyToRun code");
        }

        Assert.NotNull(nupkg.GetEntry($"tools/{framework}/omk.deps.json"));
        Assert.NotNull(nupkg.GetEntry($"tools/{framework}/omk.runtimeconfig.json"));
    }

    [Fact]
    public async Task The_targets_run_the_net10_omk_on_a_dotnet_10_sdk()
    {
        using var probe = new Omk.Testing.TempDirectory("omk-tasks-probe");
        ZipFile.ExtractToDirectory(Path.Combine(package.Feed, $"Omk.Tasks.{OmkTasksPackage.Version}.nupkg"), probe.Combine("package"));
        probe.Write("probe.proj", $"<Project><Import Project=\"{probe.Combine("package", "build", "Omk.Tasks.targets")}\" /></Project>\n");

        var evaluated = await Dotnet.RunAsync(probe.Path, null, "msbuild", "probe.proj", "-getProperty:OmkToolPath", "-nologo");

        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Equal(probe.Combine("package", "tools", "net10.0", "omk.dll"), evaluated.Output.Trim());
        Assert.True(File.Exists(evaluated.Output.Trim()), evaluated.ToString());
    }

    // A ReadyToRun image is an IL assembly whose CLI header points to a native (ReadyToRun) header.
    private static bool HasReadyToRunCode(ZipArchiveEntry entry)
    {
        using var copy = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var pe = new PEReader(copy);
        return pe.HasMetadata && pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }
}
