using Omk.Gates;

namespace Omk.Tests.Gates;

/// <summary>Explicit order: <c>--after</c> orderings, and no gate that uses prebuilt binaries can run before their build.</summary>
public sealed class GateOrderTests
{
    private static readonly CommandLineGateSource Source = new([]);

    private static GateSet Set(params string[] specs) => new(specs.Select(Source.Parse).ToList(), "test");

    [Theory]
    [InlineData("build=dotnet build src/A.sln", "test=dotnet test src/A.sln --no-build")]
    [InlineData("build=dotnet build", "test=dotnet test tests/T.csproj --no-build")]
    [InlineData("build=dotnet build src/A.sln -c Release", "pack=dotnet pack src/A.sln --no-build -c Release")]
    [InlineData("build=!dotnet restore && dotnet build src/A.sln", "test=!cd src && dotnet test --no-build")]
    [InlineData("build=dotnet msbuild src/A.sln", "vstest=dotnet vstest bin/T.dll")]
    public void A_gate_using_prebuilt_binaries_beside_their_build_without_an_order_is_refused(string build, string consumer)
    {
        var ex = Assert.Throws<GateConfigurationException>(() => Set(build, consumer).Validate());
        var name = consumer[..consumer.IndexOf('=', StringComparison.Ordinal)];
        Assert.Contains($"Gate '{name}' runs 'dotnet ", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"--after {name}:build", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dependsOn \"build\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("build=dotnet build src/A.sln", "test=dotnet test src/B.sln --no-build")] // different solutions
    [InlineData("build=dotnet build src/A.sln", "test=dotnet test src/A.sln")] // builds for itself
    [InlineData("build=npm run build", "test=dotnet test --no-build")] // nothing .NET builds it here
    public void Gates_that_cannot_test_stale_binaries_of_each_other_are_accepted(string build, string consumer) =>
        Set(build, consumer).Validate();

    [Fact]
    public void After_orders_the_gates_and_makes_the_pair_valid_even_through_another_gate()
    {
        var set = Set("build=dotnet build src/A.sln", "lint=true", "test=dotnet test src/A.sln --no-build")
            .OrderedBy(["lint:build", "test:lint"])
            .Validate();
        Assert.Equal(["lint"], set.Gates.Single(g => g.Name == "test").DependsOn);
        Assert.Equal(["build"], set.Gates.Single(g => g.Name == "lint").DependsOn);
    }

    [Theory]
    [InlineData("test", "--after 'test': expected GATE:DEPENDENCY[,DEPENDENCY...], e.g. --after test:build.")]
    [InlineData("test:", "--after 'test:': expected GATE:DEPENDENCY[,DEPENDENCY...], e.g. --after test:build.")]
    [InlineData("test:lint", "--after 'test:lint': 'lint' names no gate; the gates are: build, test.")]
    [InlineData("docs:build", "--after 'docs:build': 'docs' names no gate; the gates are: build, test.")]
    public void Malformed_or_unknown_orderings_are_configuration_errors_naming_the_option(string ordering, string message)
    {
        var ex = Assert.Throws<GateConfigurationException>(() => Set("build=true", "test=true").OrderedBy([ordering]));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void An_ordering_that_closes_a_cycle_is_refused()
    {
        var ex = Assert.Throws<GateConfigurationException>(() => Set("build=true", "test=true").OrderedBy(["test:build", "build:test"]).Validate());
        Assert.StartsWith("Gate dependencies form a cycle", ex.Message, StringComparison.Ordinal);
    }
}
