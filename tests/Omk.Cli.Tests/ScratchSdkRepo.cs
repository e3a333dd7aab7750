using System.Collections;
using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests;

/// <summary>
/// A git repository with real SDK projects (net10.0) whose gates run real <c>dotnet build</c> / <c>dotnet test</c>.
/// Packages restore like the repository's own projects do (the user's NuGet cache, then nuget.org), with the same
/// test package versions, so they come from the local cache. MSBuild variables leaked by the test host are removed.
/// </summary>
internal sealed class ScratchSdkRepo : IDisposable
{
    private readonly TempGitRepo _git = new();

    public string Path => _git.Path;

    public string Write(string relative, string contents) => _git.Write(relative, contents);

    public void Commit(string message) => _git.Commit(message);

    /// <summary>A class library with <paramref name="source"/> as <c>src/Lib/Code.cs</c>.</summary>
    public void Library(string source)
    {
        Write("src/Lib/Lib.csproj", Project(string.Empty));
        Write("src/Lib/Code.cs", source);
    }

    /// <summary>An xunit project with <paramref name="source"/> as <c>tests/Lib.Tests/Tests.cs</c>.</summary>
    public void XunitProject(string source)
    {
        Write("tests/Lib.Tests/Lib.Tests.csproj", Project("""
            <ItemGroup>
              <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
              <PackageReference Include="xunit" Version="2.9.3" />
              <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            </ItemGroup>
            """));
        Write("tests/Lib.Tests/Tests.cs", source);
    }

    public Task<ChildProcess.Result> OmkAsync(params string[] args) => OmkProcess.RunAsync(Path, Environment(), args);

    public JsonElement Proof()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(LatestRun(), "proof.json")));
        return document.RootElement.Clone();
    }

    public string ProofMarkdown() => File.ReadAllText(System.IO.Path.Combine(LatestRun(), "proof.md"));

    private string LatestRun() => Directory.GetDirectories(System.IO.Path.Combine(Path, ".omk", "runs")).Order(StringComparer.Ordinal).Last();

    public void Dispose() => _git.Dispose();

    public static Dictionary<string, string?> Environment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["OMK_STATE_DIR"] = null,
        };
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && key != "MSBUILDDISABLENODEREUSE")
            {
                environment[key] = null;
            }
        }

        return environment;
    }

    private static string Project(string items) => SdkProject.Text(items, "\n    <ImplicitUsings>enable</ImplicitUsings>\n    <IsPackable>false</IsPackable>");
}
