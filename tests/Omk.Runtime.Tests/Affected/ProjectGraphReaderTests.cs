using Omk.Affected;
using Omk.Gates;
using Omk.Processes;
using Omk.Testing;

namespace Omk.Tests.Affected;

/// <summary>
/// The project graph as MSBuild evaluates it, with real <c>dotnet msbuild</c> on scratch projects in a real git repository
/// (evaluation only: nothing is restored or built).
/// </summary>
public sealed class ProjectGraphReaderTests
{
    [Fact]
    public async Task The_graph_applies_conditions_Directory_Build_props_and_links_as_msbuild_evaluates_them()
    {
        using var repo = new TempGitRepo();
        repo.Write("src/Lib/Lib.csproj", SdkProject.Text());
        repo.Write("src/App/App.csproj", SdkProject.Text("""<ItemGroup><ProjectReference Include="$(MSBuildThisFileDirectory)../Lib/Lib.csproj" /></ItemGroup>"""));
        // A reference behind a false condition is not part of the graph; a linked file outside the folder is.
        repo.Write("src/Tool/Tool.csproj", SdkProject.Text("""
            <ItemGroup Condition="'$(UseLib)' == 'true'"><ProjectReference Include="../Lib/Lib.csproj" /></ItemGroup>
            <ItemGroup><Compile Include="../../shared/Link.cs" Link="Link.cs" /></ItemGroup>
            """));
        // Every test project references Lib through the Directory.Build.props of tests/, not through its own file.
        repo.Write("tests/Directory.Build.props", """
            <Project>
              <ItemGroup><ProjectReference Include="$(MSBuildThisFileDirectory)../src/Lib/Lib.csproj" /></ItemGroup>
            </Project>
            """);
        repo.Write("tests/Lib.Tests/Lib.Tests.csproj", SdkProject.Text());
        repo.Write("shared/Link.cs", "class Link { }\n");
        repo.Commit("projects");
        repo.Write("src/Untracked/Untracked.csproj", SdkProject.Text()); // untracked, not ignored: part of the repository
        repo.Write(".gitignore", "ignored/\n");
        repo.Write("ignored/Ignored.csproj", SdkProject.Text());

        var graph = await new ProjectGraphReader(new ProcessRunner()).ReadAsync(repo.Path, CancellationToken.None);

        Assert.Equal(
            ["src/App/App.csproj", "src/Lib/Lib.csproj", "src/Tool/Tool.csproj", "src/Untracked/Untracked.csproj", "tests/Lib.Tests/Lib.Tests.csproj"],
            graph.Projects);
        Assert.Equal(["src/Lib/Lib.csproj"], graph.References["src/App/App.csproj"]);
        Assert.Empty(graph.References["src/Tool/Tool.csproj"]);
        Assert.Equal(["src/Lib/Lib.csproj"], graph.References["tests/Lib.Tests/Lib.Tests.csproj"]);
        Assert.Equal(["shared/Link.cs"], graph.OutsideFiles["src/Tool/Tool.csproj"]);
        Assert.Empty(graph.OutsideFiles["src/App/App.csproj"]);
        Assert.StartsWith("msbuild evaluation of 5 project(s)", graph.How, StringComparison.Ordinal);

        var affected = AffectedProjects.Compute(graph, ["src/Lib/Class1.cs"]).Where(p => p.Affected).Select(p => p.Project);
        Assert.Equal(["src/App/App.csproj", "src/Lib/Lib.csproj", "tests/Lib.Tests/Lib.Tests.csproj"], affected);
    }

    [Fact]
    public async Task A_project_that_does_not_evaluate_counts_as_affected_with_its_error_and_the_others_are_still_read()
    {
        using var repo = new TempGitRepo();
        repo.Write("src/Good/Good.csproj", SdkProject.Text());
        repo.Write("src/Other/Other.csproj", SdkProject.Text());
        repo.Write("src/Broken/Broken.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>\n");
        repo.Write("templates/App/App.csproj", SdkProject.Text("""<Import Project="$(TemplateRoot)missing.props" />"""));
        repo.Commit("projects");
        var reader = new ProjectGraphReader(new ProcessRunner());

        var graph = await reader.ReadAsync(repo.Path, CancellationToken.None);

        Assert.Equal(["src/Broken/Broken.csproj", "templates/App/App.csproj"], graph.Unevaluated.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("error MSB4025", graph.Unevaluated["src/Broken/Broken.csproj"], StringComparison.Ordinal);
        Assert.StartsWith("error MSB4019", graph.Unevaluated["templates/App/App.csproj"], StringComparison.Ordinal);
        var result = AffectedProjects.Compute(graph, ["src/Good/Class1.cs"]).ToDictionary(p => p.Project);
        Assert.True(result["src/Good/Good.csproj"].Affected);
        Assert.False(result["src/Other/Other.csproj"].Affected);
        Assert.True(result["src/Broken/Broken.csproj"].Affected);
        Assert.StartsWith("counted as affected: error MSB4025", result["src/Broken/Broken.csproj"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_graph_cannot_be_read_nothing_is_skipped_and_the_selection_says_why()
    {
        using var repo = new TempGitRepo();
        repo.Write("src/Good/Good.csproj", SdkProject.Text());
        repo.Commit("projects");
        var reader = new ProjectGraphReader(new ProcessRunner()) { Dotnet = "omk-test-no-such-dotnet" };

        var gates = new GateSet([Gate("good", "src/Good/Good.csproj")], "test");
        var selected = await AffectedGateSelection.ApplyAsync(gates, repo.Path, ["README.md"], null, reader, CancellationToken.None);

        Assert.False(selected.Gates[0].Skip);
        Assert.StartsWith("dotnet could not be started to evaluate the projects: ", selected.Affected!.GraphError, StringComparison.Ordinal);
        Assert.EndsWith("; every project counts as affected", selected.Affected.GraphError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_project_gates_of_unaffected_projects_are_skipped_with_their_reason_and_a_missing_project_is_an_error()
    {
        using var repo = new TempGitRepo();
        repo.Write("src/Lib/Lib.csproj", SdkProject.Text());
        repo.Write("src/Other/Other.csproj", SdkProject.Text());
        repo.Commit("projects");
        var reader = new ProjectGraphReader(new ProcessRunner());
        var gates = new GateSet(
            [Gate("lib", "src/Lib/Lib.csproj"), Gate("other", "./src/Other/Other.csproj"), new GateDefinition { Name = "all", Command = new ProcessCommand("true", []) }],
            "test");

        var selected = await AffectedGateSelection.ApplyAsync(gates, repo.Path, ["src/Lib/Class1.cs"], "main", reader, CancellationToken.None);

        Assert.Equal([false, true, false], selected.Gates.Select(g => g.Skip));
        Assert.Equal("unaffected: src/Other/Other.csproj (no changed file reaches it since main)", selected.Gates[1].SkipReason);
        var skipped = Assert.Single(selected.Affected!.SkippedGates);
        Assert.Equal(("other", "src/Other/Other.csproj"), (skipped.Gate, skipped.Project));
        Assert.Equal("main", selected.Affected.Base);

        var missing = new GateSet([Gate("gone", "src/Gone/Gone.csproj")], "test");
        var error = await Assert.ThrowsAsync<GateConfigurationException>(() => AffectedGateSelection.ApplyAsync(missing, repo.Path, [], null, reader, CancellationToken.None));
        Assert.Contains("Gate 'gone' declares project 'src/Gone/Gone.csproj', which does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_below_the_top_level_sees_a_changed_build_file_above_it_and_references_outside_it()
    {
        using var repo = new TempGitRepo();
        repo.Write("app/Web/Web.csproj", SdkProject.Text("""<ItemGroup><ProjectReference Include="../../lib/Core/Core.csproj" /></ItemGroup>"""));
        repo.Write("app/Cli/Cli.csproj", SdkProject.Text());
        repo.Write("lib/Core/Core.csproj", SdkProject.Text());
        repo.Write("Directory.Build.props", "<Project />\n");
        repo.Commit("projects");
        var app = Path.Combine(repo.Path, "app");
        var reader = new ProjectGraphReader(new ProcessRunner());
        var gates = new GateSet([Gate("web", "Web/Web.csproj"), Gate("cli", "Cli/Cli.csproj")], "test");

        async Task<IEnumerable<bool>> SkipsAsync()
        {
            var git = (await Omk.Git.GitRepository.AtTopLevel(repo.Path).SnapshotAsync(null)).Under(app);
            var selected = await AffectedGateSelection.ForRunAsync(gates, app, git, null, reader, CancellationToken.None);
            return selected.Gates.Select(g => g.Skip);
        }

        repo.Write("lib/Core/Core.cs", "class Core { }\n"); // outside the run's root, referenced from inside it
        Assert.Equal([false, true], await SkipsAsync());

        repo.Commit("core");
        repo.Write("Directory.Build.props", "<Project><PropertyGroup><Deterministic>true</Deterministic></PropertyGroup></Project>\n");
        Assert.Equal([false, false], await SkipsAsync());
    }

    private static GateDefinition Gate(string name, string project) => new() { Name = name, Command = new ProcessCommand("true", []), Project = project };
}
