using System.Globalization;
using System.Text;

namespace Omk.Benchmarks;

/// <summary>
/// A real test run to measure against: an xunit project of <c>tests</c> tests (1% failing with an assertion message),
/// built once, then run with <c>dotnet test --no-build --logger trx</c>. Packages restore from the local NuGet cache,
/// with the repository's test package versions.
/// </summary>
internal static class TestRunBaseline
{
    /// <summary>Median wall time of the test run (ms) and the TRX file the last run wrote.</summary>
    public static (double Ms, string Trx) Measure(string directory, int tests, int runs)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Bench.Tests.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><IsPackable>false</IsPackable></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
              </ItemGroup>
            </Project>
            """);
        for (var suite = 0; suite < tests / 100; suite++)
        {
            var source = new StringBuilder().Append(CultureInfo.InvariantCulture, $"namespace Bench;\n\npublic class Suite{suite}\n{{\n");
            for (var i = 0; i < 100; i++)
            {
                var body = i == 7 ? $"=> Xunit.Assert.Equal({i}, {i} + 1);" : "{ }";
                source.Append(CultureInfo.InvariantCulture, $"    [Xunit.Fact] public void Case{i}() {body}\n");
            }

            File.WriteAllText(Path.Combine(directory, $"Suite{suite}.cs"), source.Append("}\n").ToString());
        }

        var environment = new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" };
        static bool Leaked(string key) => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && key != "MSBUILDDISABLENODEREUSE";
        ProcessTimer.Run(directory, environment, Leaked, "dotnet", "build", "--nologo", "-v", "q");
        var results = Path.Combine(directory, "results");
        var ms = ProcessTimer.Median(
            runs,
            () => ProcessTimer.Run(directory, environment, Leaked, "sh", "-c", "dotnet test --no-build --nologo --logger trx --results-directory results >/dev/null || true"),
            () =>
            {
                if (Directory.Exists(results))
                {
                    Directory.Delete(results, recursive: true);
                }
            }).WallMs;
        return (ms, Directory.GetFiles(results, "*.trx").Single());
    }
}
