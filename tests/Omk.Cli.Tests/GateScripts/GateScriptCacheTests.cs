using Omk.Testing;
namespace Omk.Tests.GateScripts;

/// <summary>
/// Compiled gate scripts are cached by content: a warm start neither compiles nor loads the F# compiler, a change
/// anywhere in the <c>#load</c> closure recompiles, and byte-identical gates folders compile to the same assembly.
/// </summary>
[Collection(CatalogRepoDefinition.Name)]
public sealed class GateScriptCacheTests(CatalogRepo catalog)
{
    private const string CompilerAssembly = "FSharp.Compiler.Service";

    private static bool Compiled(ChildProcess.Result list) => GateScriptRepo.Json(list.Stdout).GetProperty("compiled").GetBoolean();

    [Fact]
    public void The_first_list_compiles_and_loads_the_compiler_the_second_hits_the_cache_without_it()
    {
        var first = catalog.FirstList;
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(Compiled(first), first.ToString());
        Assert.Contains($"omk-trace: loaded {CompilerAssembly}\n", first.Stderr, StringComparison.Ordinal);

        var second = catalog.SecondList;
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.False(Compiled(second), second.ToString());
        Assert.Contains("omk-trace: loaded omk\n", second.Stderr, StringComparison.Ordinal); // the trace did run
        Assert.Contains("omk-trace: loaded Omk.Gates\n", second.Stderr, StringComparison.Ordinal); // the scripts were loaded
        Assert.DoesNotContain(CompilerAssembly, second.Stderr, StringComparison.Ordinal);

        // Both runs used the one assembly, and saw the same gates.
        Assert.Single(catalog.AssembliesAfterFirstList);
        Assert.Equal(catalog.AssembliesAfterFirstList, catalog.Repo.CompiledAssemblies());
        Assert.Equal(
            first.Stdout.Replace("\"compiled\": true", "\"compiled\": false", StringComparison.Ordinal),
            second.Stdout);
    }

    [Fact]
    public async Task Editing_a_loaded_helper_recompiles_and_rewriting_the_same_bytes_does_not()
    {
        const string Main = """
            #load "lib/greeting.fsx"

            open Omk.Gates

            gate "greet" { exec "echo" [ Greeting.text ] }
            """;
        using var repo = new GateScriptRepo(
            ("gates/main.fsx", Main),
            ("gates/lib/greeting.fsx", "module Greeting\n\nlet text = \"hello\"\n"));

        var cold = await repo.OmkAsync("gates", "list", "--json");
        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.True(Compiled(cold));
        Assert.Equal("echo hello", CommandLine(cold, "greet"));

        var warm = await repo.OmkAsync("gates", "list", "--json");
        Assert.False(Compiled(warm), warm.ToString());

        // Same bytes, new modification time: the key is the content, so still a hit.
        repo.Write("gates/lib/greeting.fsx", "module Greeting\n\nlet text = \"hello\"\n");
        var touched = await repo.OmkAsync("gates", "list", "--json");
        Assert.False(Compiled(touched), touched.ToString());

        // The helper is not a gate script of its own (it is in a subfolder): only the #load closure sees this edit.
        repo.Write("gates/lib/greeting.fsx", "module Greeting\n\nlet text = \"bonjour\"\n");
        var edited = await repo.OmkAsync("gates", "list", "--json");
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.True(Compiled(edited), edited.ToString());
        Assert.Equal("echo bonjour", CommandLine(edited, "greet"));
        Assert.Equal(2, repo.CompiledAssemblies().Count);
    }

    [Fact]
    public async Task Byte_identical_gates_folders_in_two_repositories_compile_to_the_same_shareable_assembly()
    {
        using var twin = GateScriptRepo.FromFixture("catalog");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(catalog.Repo.Path, "gates"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(catalog.Repo.Path, file);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(twin.Path, relative)));
        }

        var list = await twin.OmkAsync("gates", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());

        // The key is the closure's content and layout (no path of either copy), so a shared cache compiles it once.
        var mine = Assert.Single(twin.CompiledAssemblies());
        var theirs = Assert.Single(catalog.Repo.CompiledAssemblies());
        Assert.Equal(theirs, mine);
        Assert.Matches("^gates-[0-9a-f]{32}\\.dll$", mine);
        Assert.Equal(
            catalog.SecondList.Stdout.Replace("\"compiled\": false", "\"compiled\": true", StringComparison.Ordinal),
            list.Stdout.Replace("\"compiled\": false", "\"compiled\": true", StringComparison.Ordinal));
    }

    private static string? CommandLine(ChildProcess.Result list, string gate) =>
        GateScriptRepo.Json(list.Stdout).GetProperty("gates").EnumerateArray()
            .Single(g => g.GetProperty("name").GetString() == gate)
            .GetProperty("command_line").GetString();
}
