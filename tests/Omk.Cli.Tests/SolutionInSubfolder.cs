using Omk.Testing;

namespace Omk.Tests;

/// <summary>
/// A real layout: a git repository whose solution is <c>src/Calc.sln</c>, with a library and an xunit test project
/// asserting <c>Answer() == 42</c>. <see cref="BuildOnceAsync"/> builds the committed code; <see cref="BreakCode"/>
/// then changes the code so the test fails only when run on fresh binaries.
/// </summary>
public sealed class SolutionInSubfolder : IDisposable
{
    private readonly TempGitRepo _git = new();

    public SolutionInSubfolder()
    {
        Write("src/Calc/Calc.csproj", Project(string.Empty));
        Write("src/Calc/Answer.cs", "namespace Calc;\n\npublic static class Answer\n{\n    public static int Value() => 42;\n}\n");
        Write("src/Calc.Tests/Calc.Tests.csproj", Project("""
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="../Calc/Calc.csproj" />
              </ItemGroup>
            """));
        Write("src/Calc.Tests/AnswerTests.cs", "namespace Calc.Tests;\n\npublic sealed class AnswerTests\n{\n    [Xunit.Fact]\n    public void Is_42() => Xunit.Assert.Equal(42, Answer.Value());\n}\n");
        Write("src/Calc.sln", SolutionText);
        Write(".gitignore", "bin/\nobj/\n");
        _git.Commit("calc");
    }

    /// <summary>Environment for omk and its gates: no build server or node outlives a test.</summary>
    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["OMK_STATE_DIR"] = null,
    };

    public string Path => _git.Path;

    public string Write(string relative, string contents) => _git.Write(relative, contents);

    /// <summary>Builds the committed code, so that bin/ holds binaries whose test passes.</summary>
    public async Task BuildOnceAsync()
    {
        var build = await ChildProcess.RunAsync(
            "dotnet", ["build", "src/Calc.sln", "--nologo", "-v", "q"], Path,
            new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" },
            TimeSpan.FromMinutes(4));
        Assert.True(build.ExitCode == 0, build.ToString());
    }

    /// <summary>The new code: its test fails, but only once the binaries are rebuilt.</summary>
    public void BreakCode() => Write("src/Calc/Answer.cs", "namespace Calc;\n\npublic static class Answer\n{\n    public static int Value() => 41;\n}\n");

    public void Dispose() => _git.Dispose();

    private static string Project(string items) => SdkProject.Text(items);

    private static readonly string SolutionText = SolutionFile.Text(
        new("Calc", "Calc\\Calc.csproj", "{2B920AA2-1525-4E28-81D0-9FA5E7B4D259}"),
        new("Calc.Tests", "Calc.Tests\\Calc.Tests.csproj", "{C5E965EB-A8B8-48AA-BF63-0357F0261F04}"));
}
