using Omk.Gates;
using Omk.Testing;

namespace Omk.Tests.Affected;

/// <summary>The auto-detected gates of a .NET solution with incremental selection: one test gate per test project.</summary>
public sealed class PerProjectTestGatesTests
{
    [Fact]
    public async Task With_per_project_tests_each_test_project_of_the_solution_gets_its_own_gate_after_build()
    {
        using var directory = new TempDirectory("omk-per-project");
        const string testSdk = """<ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" /></ItemGroup>""";
        directory.Write("src/App/App.csproj", SdkProject.Text());
        directory.Write("tests/App.Tests/App.Tests.csproj", SdkProject.Text(testSdk));
        directory.Write("tests/Lib.Tests/Lib.Tests.csproj", SdkProject.Text(properties: "<IsTestProject>true</IsTestProject>"));
        directory.Write("Shop.sln", SolutionFile.Text(
            new("App", "src\\App\\App.csproj", "{11111111-1111-1111-1111-111111111111}"),
            new("App.Tests", "tests\\App.Tests\\App.Tests.csproj", "{22222222-2222-2222-2222-222222222222}"),
            new("Lib.Tests", "tests\\Lib.Tests\\Lib.Tests.csproj", "{33333333-3333-3333-3333-333333333333}")));

        var set = await new DotnetGateSource(perProjectTests: true).LoadAsync(new GateSourceContext(directory.Path), CancellationToken.None);

        Assert.NotNull(set);
        Assert.Equal(["build", "test:App.Tests", "test:Lib.Tests"], set.Gates.Select(g => g.Name));
        var test = set.Gates[1];
        Assert.Equal("dotnet test tests/App.Tests/App.Tests.csproj --nologo --no-build", test.CommandLine);
        Assert.Equal("tests/App.Tests/App.Tests.csproj", test.Project);
        Assert.Equal(["build"], test.DependsOn);
        Assert.Null(set.Gates[0].Project);
        Assert.Contains("one test gate per test project (2)", set.Origin, StringComparison.Ordinal);
        set.Validate();

        var whole = await new DotnetGateSource().LoadAsync(new GateSourceContext(directory.Path), CancellationToken.None);
        Assert.Equal(["build", "test"], whole!.Gates.Select(g => g.Name));
    }
}
