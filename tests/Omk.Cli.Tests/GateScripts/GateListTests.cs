using System.Text.Json;
using Omk.Testing;

namespace Omk.Tests.GateScripts;

/// <summary><c>omk gates list</c> and <c>omk gates check</c> on a well declared folder (the catalog fixture).</summary>
[Collection(CatalogRepoDefinition.Name)]
public sealed class GateListTests(CatalogRepo catalog)
{
    [Fact]
    public void List_json_shows_every_gate_option_of_the_catalog_fixture()
    {
        var list = catalog.SecondList;
        Assert.True(list.ExitCode == 0, list.ToString());
        Snapshot.Match(list.Stdout, replacements: new Dictionary<string, string> { [catalog.Repo.Path] = "<repo>" });
    }

    [Fact]
    public void What_a_script_prints_while_declaring_goes_to_stderr_never_into_json_output()
    {
        const string Printed = "build.fsx: command gates declared\n"; // the last line of Fixtures/catalog/gates/build.fsx
        foreach (var result in new[] { catalog.FirstList, catalog.SecondList, catalog.Proof })
        {
            Assert.StartsWith("{", result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(Printed, result.Stdout, StringComparison.Ordinal);
            Assert.Contains(Printed, result.Stderr, StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Object, GateScriptRepo.Json(result.Stdout).ValueKind);
        }
    }

    [Fact]
    public async Task Check_accepts_a_well_declared_folder()
    {
        var check = await catalog.Repo.OmkAsync("gates", "check");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal("omk: 12 gate(s) from gates/*.fsx (2 script(s)) are well declared (cached).\n", check.Stdout);
        Assert.Equal("build.fsx: command gates declared\n", check.Stderr); // only the script's own output: no warning
    }
}
