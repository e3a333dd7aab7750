using System.IO.Compression;
using System.Reflection.PortableExecutable;

namespace Omk.Tasks.Tests;

/// <summary>
/// The package carries an omk per runtime it may run on, each with ReadyToRun code for linux-x64 (the code the .NET 10
/// runtime uses without compiling again is only in the net10.0 copy), and the targets pick the net10.0 one on SDK 10.
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
    public void The_targets_run_the_net10_omk_on_a_dotnet_10_sdk_and_the_net8_one_before()
    {
        using var nupkg = ZipFile.OpenRead(Path.Combine(package.Feed, $"Omk.Tasks.{OmkTasksPackage.Version}.nupkg"));
        using var reader = new StreamReader(nupkg.GetEntry("build/Omk.Tasks.targets")!.Open());
        var targets = reader.ReadToEnd();

        Assert.Contains("VersionGreaterThanOrEquals('$(NETCoreSdkVersion)', '10.0.100')\">net10.0</_OmkToolFramework>", targets, StringComparison.Ordinal);
        Assert.Contains("<_OmkToolFramework Condition=\"'$(_OmkToolFramework)' == ''\">net8.0</_OmkToolFramework>", targets, StringComparison.Ordinal);
        Assert.Contains("tools/$(_OmkToolFramework)/omk.dll", targets, StringComparison.Ordinal);
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
