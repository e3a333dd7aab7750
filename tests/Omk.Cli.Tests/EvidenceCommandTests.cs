using System.Text.Json;

namespace Omk.Tests;

/// <summary>
/// <c>omk proof</c> on real SDK projects: a compile error becomes a located finding, an xunit run gives counts and
/// failed tests with messages and locations, a test filter matching nothing fails with "no tests ran".
/// </summary>
public sealed class EvidenceCommandTests
{
    private const string Broken = "namespace Lib;\n\npublic static class Code\n{\n    public static int Answer()\n    {\n        var x = 42\n        return x;\n    }\n}\n";

    private const string Tests = """
        using Xunit;

        namespace Lib.Tests;

        public class Tests
        {
            [Fact] public void One() => Assert.Equal(1, 2 - 1);
            [Fact] public void Two() => Assert.Equal(2, 1 + 1);
            [Fact] public void Three() => Assert.NotNull("x");

            [Fact]
            public void Compares_letters() => Assert.Equal("C", "B");

            [Fact]
            public void Throws() => throw new InvalidOperationException("the widget is broken");
        }

        """;

    [Fact]
    public async Task A_syntax_error_is_a_finding_with_its_file_line_column_and_CS_code_in_the_proof_and_on_the_terminal()
    {
        using var repo = new ScratchSdkRepo();
        repo.Library(Broken);
        repo.Commit("broken library");

        var result = await repo.OmkAsync("proof", "--gate", "build=dotnet build src/Lib/Lib.csproj --nologo");

        Assert.True(result.ExitCode == 1, result.ToString());
        var gate = Assert.Single(repo.Proof().GetProperty("gates").EnumerateArray());
        var finding = gate.GetProperty("findings").EnumerateArray().First();
        Assert.Equal(
            ("error", "CS1002", "src/Lib/Code.cs", 7, 19),
            (finding.GetProperty("severity").GetString(), finding.GetProperty("code").GetString(), finding.GetProperty("file").GetString(),
             finding.GetProperty("line").GetInt32(), finding.GetProperty("column").GetInt32()));
        Assert.Equal("; expected", finding.GetProperty("message").GetString());
        Assert.Single(gate.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "CS1002"); // the summary's repeat is dropped
        Assert.Contains("  src/Lib/Code.cs(7,19): error CS1002: ; expected", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("    src/Lib/Code.cs(7): error CS1002: ; expected", result.Stderr, StringComparison.Ordinal); // the progress line
        Assert.Contains("| ❌ src/Lib/Code.cs:7:19 | CS1002 | ; expected |", repo.ProofMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_xunit_run_with_3_passing_and_2_failing_tests_gives_counts_and_both_failures_with_message_and_location()
    {
        using var repo = new ScratchSdkRepo();
        repo.XunitProject(Tests);
        repo.Commit("tests");

        var result = await repo.OmkAsync("proof", "--gate", "test=dotnet test tests/Lib.Tests --nologo");

        Assert.True(result.ExitCode == 1, result.ToString());
        var gate = Assert.Single(repo.Proof().GetProperty("gates").EnumerateArray());
        Assert.Equal("{\"total\":5,\"passed\":3,\"failed\":2,\"skipped\":0}", JsonSerializer.Serialize(gate.GetProperty("tests")));
        var failed = gate.GetProperty("failed_tests").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        var letters = failed["Lib.Tests.Tests.Compares_letters"];
        Assert.Contains("Expected: \"C\"", letters.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("tests/Lib.Tests/Tests.cs", 12), (letters.GetProperty("file").GetString(), letters.GetProperty("line").GetInt32()));
        var throws = failed["Lib.Tests.Tests.Throws"];
        Assert.Equal("System.InvalidOperationException : the widget is broken", throws.GetProperty("message").GetString());
        Assert.Equal(("tests/Lib.Tests/Tests.cs", 15), (throws.GetProperty("file").GetString(), throws.GetProperty("line").GetInt32()));
        Assert.Contains("--logger trx --results-directory", gate.GetProperty("evidence").GetProperty("values").GetProperty("omk_added_arguments").GetString(), StringComparison.Ordinal);

        var markdown = repo.ProofMarkdown();
        Assert.Contains("- Tests: 5 total, 3 passed, 2 failed, 0 skipped", markdown, StringComparison.Ordinal);
        Assert.Contains("| Lib.Tests.Tests.Throws | tests/Lib.Tests/Tests.cs:15 | System.InvalidOperationException : the widget is broken |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Lib.Tests.Tests.Compares_letters | tests/Lib.Tests/Tests.cs:12 | Assert.Equal() Failure: Strings differ", markdown, StringComparison.Ordinal);
        Assert.Contains("  FAIL Lib.Tests.Tests.Throws (tests/Lib.Tests/Tests.cs:15): System.InvalidOperationException : the widget is broken", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_gate_whose_filter_matches_nothing_fails_with_no_tests_ran()
    {
        using var repo = new ScratchSdkRepo();
        repo.XunitProject(Tests);
        repo.Commit("tests");

        var result = await repo.OmkAsync("proof", "--gate", "test=dotnet test tests/Lib.Tests --nologo --filter FullyQualifiedName~NoSuchTest");

        Assert.True(result.ExitCode == 1, result.ToString());
        var proof = repo.Proof();
        Assert.Equal("failed", proof.GetProperty("status").GetString());
        var gate = Assert.Single(proof.GetProperty("gates").EnumerateArray());
        Assert.StartsWith("no tests ran", gate.GetProperty("evidence").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, gate.GetProperty("tests").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_filtered_run_is_partial_names_what_did_not_run_and_exits_0()
    {
        using var repo = new ScratchSdkRepo();
        repo.Write("gates/quality.fsx", """
            open Omk.Gates

            gate "build" { shell "exit 0" }
            gate "test" { shell "exit 0"; dependsOn "build" }
            gate "format" { shell "echo formatted"; tag "conventions" }
            gate "names" { shell "echo named"; tag "conventions" }

            """);
        repo.Commit("gates");

        var result = await repo.OmkAsync("proof", "--filter", "tag:conventions");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Run run-", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(": partial (filter 'tag:conventions'; not run: build, test).", result.Stdout, StringComparison.Ordinal);
        var proof = repo.Proof();
        Assert.Equal("partial", proof.GetProperty("status").GetString());
        Assert.Equal(
            "{\"filter\":\"tag:conventions\",\"selected\":[\"format\",\"names\"],\"not_selected\":[\"build\",\"test\"]}",
            JsonSerializer.Serialize(proof.GetProperty("selection")));
        Assert.Contains("**Partial run**: filter `tag:conventions` ran 2 of 4 gate(s); not run: `build`, `test`.", repo.ProofMarkdown(), StringComparison.Ordinal);
        var run = Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")).Single();
        var started = JsonDocument.Parse(File.ReadLines(Path.Combine(run, "events.jsonl")).First()).RootElement;
        Assert.Equal(["build", "test"], started.GetProperty("payload").GetProperty("gate_selection").GetProperty("not_selected").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_gate_script_declares_retries_results_and_allowNoTests()
    {
        using var repo = new ScratchSdkRepo();
        repo.Write("gates/quality.fsx", """
            open Omk.Gates

            gate "flaky" { shell "if [ -f counter ]; then exit 0; else touch counter; exit 1; fi"; retries 1 }
            gate "junit" { shell "mkdir -p out && echo '<testsuites><testsuite name=\"x\"><testcase classname=\"c\" name=\"t\"/></testsuite></testsuites>' > out/r.xml"; results "out/*.xml" }
            gate "empty" { shell "mkdir -p none && echo '<testsuites/>' > none/r.xml"; results "none/r.xml"; allowNoTests }

            """);
        repo.Write(".gitignore", "counter\nout/\nnone/\n");
        repo.Commit("gates");

        var result = await repo.OmkAsync("proof");

        Assert.True(result.ExitCode == 0, result.ToString());
        var gates = repo.Proof().GetProperty("gates").EnumerateArray().ToList();
        Assert.True(gates[0].GetProperty("flaky").GetBoolean());
        Assert.Equal(2, gates[0].GetProperty("attempts").GetArrayLength());
        Assert.Equal(1, gates[1].GetProperty("tests").GetProperty("passed").GetInt32());
        Assert.Equal(0, gates[2].GetProperty("tests").GetProperty("total").GetInt32());
        Assert.Contains("gate flaky is flaky: failed 1 of 2 attempts", repo.Proof().GetProperty("known_gaps").EnumerateArray().Select(e => e.GetString()));
    }
}
