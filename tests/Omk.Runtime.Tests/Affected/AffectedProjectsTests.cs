using Omk.Affected;

namespace Omk.Tests.Affected;

/// <summary>Which projects a change reaches, on a graph given as data (the rules of <see cref="AffectedProjects"/>).</summary>
public sealed class AffectedProjectsTests
{
    // Lib <- App <- App.Tests; Lib <- Lib.Tests; Tool stands alone and links shared/Link.cs; all under src/ or tests/.
    private static readonly ProjectGraph Graph = new(
        ["src/App/App.csproj", "src/Lib/Lib.csproj", "src/Tool/Tool.csproj", "tests/App.Tests/App.Tests.csproj", "tests/Lib.Tests/Lib.Tests.csproj"],
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["src/App/App.csproj"] = ["src/Lib/Lib.csproj"],
            ["tests/App.Tests/App.Tests.csproj"] = ["src/App/App.csproj"],
            ["tests/Lib.Tests/Lib.Tests.csproj"] = ["src/Lib/Lib.csproj"],
        },
        new Dictionary<string, IReadOnlyList<string>> { ["src/Tool/Tool.csproj"] = ["shared/Link.cs"] },
        "test graph");

    private static Dictionary<string, (bool Affected, string Reason)> Compute(params string[] changed) =>
        AffectedProjects.Compute(Graph, changed).ToDictionary(p => p.Project, p => (p.Affected, p.Reason));

    [Fact]
    public void A_change_in_a_library_reaches_what_references_it_transitively_and_nothing_else()
    {
        var result = Compute("src/Lib/Class1.cs");

        Assert.Equal((true, "changed: src/Lib/Class1.cs"), result["src/Lib/Lib.csproj"]);
        Assert.Equal((true, "references src/Lib/Lib.csproj (affected)"), result["src/App/App.csproj"]);
        Assert.Equal((true, "references src/App/App.csproj (affected)"), result["tests/App.Tests/App.Tests.csproj"]);
        Assert.Equal((true, "references src/Lib/Lib.csproj (affected)"), result["tests/Lib.Tests/Lib.Tests.csproj"]);
        Assert.Equal((false, "no changed file reaches it"), result["src/Tool/Tool.csproj"]);
    }

    [Fact]
    public void A_change_at_the_top_of_the_graph_reaches_only_that_project()
    {
        var result = Compute("tests/App.Tests/UnitTest1.cs", "docs/readme.md", "App.sln");

        Assert.Equal(["tests/App.Tests/App.Tests.csproj"], result.Where(r => r.Value.Affected).Select(r => r.Key));
    }

    [Fact]
    public void Directory_wide_build_files_reach_every_project_below_their_folder()
    {
        var tests = Compute("tests/Directory.Build.props");
        Assert.Equal(["tests/App.Tests/App.Tests.csproj", "tests/Lib.Tests/Lib.Tests.csproj"], tests.Where(r => r.Value.Affected).Select(r => r.Key).Order());
        Assert.Contains("applies to every project in tests/", tests["tests/Lib.Tests/Lib.Tests.csproj"].Reason, StringComparison.Ordinal);

        foreach (var file in new[] { "Directory.Packages.props", "global.json", "NuGet.Config", ".editorconfig", "Directory.Build.targets" })
        {
            Assert.All(Compute(file).Values, r => Assert.True(r.Affected, file));
        }
    }

    [Fact]
    public void Other_props_and_targets_reach_every_project_as_any_may_import_them()
    {
        var result = Compute("build/common.props");

        Assert.All(result.Values, r => Assert.Equal((true, "build/common.props changed (a build file any project may import)"), r));
    }

    [Fact]
    public void A_file_linked_from_outside_the_project_folder_reaches_the_project_that_uses_it()
    {
        var result = Compute("shared/Link.cs");

        Assert.Equal((true, "uses changed file shared/Link.cs"), result["src/Tool/Tool.csproj"]);
        Assert.Single(result, r => r.Value.Affected);
    }

    [Fact]
    public void A_changed_project_file_reaches_the_project_and_several_causes_are_counted()
    {
        var result = Compute("src/Tool/Tool.csproj", "src/Tool/Program.cs", "shared/Link.cs");

        Assert.Equal((true, "uses changed file shared/Link.cs (and 2 more change(s))"), result["src/Tool/Tool.csproj"]);
    }
}
