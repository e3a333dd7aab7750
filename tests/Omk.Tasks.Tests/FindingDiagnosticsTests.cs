using Xunit.Abstractions;

namespace Omk.Tasks.Tests;

/// <summary>
/// <c>dotnet build -t:OmkProof</c> through the packed Omk.Tasks puts a gate's findings where IDEs and problem
/// matchers look: at their source file, line and column, with their own code, instead of OMK001 at the gate.
/// </summary>
[Collection(OmkTasksPackageCollection.Name)]
public sealed class FindingDiagnosticsTests(OmkTasksPackage package, ITestOutputHelper output)
{
    private const string TrailingProject = @"(?: \[[^\]]+\])?";

    private const string BuildGate = """
        open Omk.Gates

        gate "build" { run "dotnet build B/B.csproj --nologo" }

        """;

    [Fact]
    public async Task A_syntax_error_in_a_gate_build_is_reported_at_its_source_line_with_its_CS_code_and_no_OMK001()
    {
        using var repo = new ScratchRepo(package, BuildGate);
        repo.Write("B/Question.cs", "namespace B;\n\npublic static class Question\n{\n    public static int Ask() => 6 * 7\n}\n");

        var build = await repo.DotnetAsync("build", "-t:OmkProof");
        output.WriteLine(build.ToString());

        Assert.True(build.ExitCode == 1, build.ToString());
        Assert.NotEmpty(ScratchRepo.Matching(build, repo.PathPattern + @"/B/Question\.cs\(5,37\): error CS1002: ; expected" + TrailingProject));
        Assert.Empty(ScratchRepo.Matching(build, ".*error OMK001.*"));
        var proof = ScratchRepo.Proof(Assert.Single(repo.Runs()));
        var finding = proof.GetProperty("gates")[0].GetProperty("findings")[0];
        Assert.Equal(("B/Question.cs", 5, 37), (finding.GetProperty("file").GetString(), finding.GetProperty("line").GetInt32(), finding.GetProperty("column").GetInt32()));
    }
}
