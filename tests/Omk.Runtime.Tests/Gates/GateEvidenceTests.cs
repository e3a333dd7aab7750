using Omk.Events;
using Omk.Evidence;
using Omk.Gates;
using Omk.Processes;
using Omk.Proofs;

namespace Omk.Tests.Gates;

/// <summary>Gates run for real: findings from their output, test results from their files, retries.</summary>
public sealed class GateEvidenceTests
{
    private const string CounterGate = "if [ -f counter ]; then echo second time lucky; else touch counter; echo '/tmp/x/T.cs(3,4): error CS0001: first attempt fails'; exit 1; fi";

    [Fact]
    public async Task A_gate_that_fails_once_then_passes_with_retries_1_is_passed_and_flaky_with_both_attempts_recorded()
    {
        using var h = new GateRunHarness();
        var gate = GateRunHarness.Shell("flaky", CounterGate) with { Retries = 1 };

        var (outcomes, events) = await h.RunAsync(new GateSet([gate], "test"));

        Assert.Equal(GateStatus.Passed, Assert.Single(outcomes).Status);
        Assert.Equal(
            ["command_started", "command_finished", "retry_scheduled", "command_started", "command_finished", "gate_passed"],
            events.Select(e => e.Kind.Value));
        var retry = events[2].Payload!.Value;
        Assert.Equal("flaky", retry.GetProperty("gate_id").GetString());
        Assert.Equal(2, retry.GetProperty("attempt").GetInt32());
        Assert.False(retry.TryGetProperty("task_id", out _));
        var passed = events[5].Payload!.Value;
        Assert.True(passed.GetProperty("flaky").GetBoolean());
        Assert.Equal(2, passed.GetProperty("attempts").GetInt32());
        Assert.Contains("first attempt fails", File.ReadAllText(h.Run.GateLogPath(1, "flaky")), StringComparison.Ordinal);
        Assert.Contains("second time lucky", File.ReadAllText(h.Run.GateLogPath(1, "flaky", attempt: 2)), StringComparison.Ordinal);

        var proof = ProofProjection.Fold(events);
        var g = Assert.Single(proof.Gates);
        Assert.True(g.Flaky);
        Assert.Equal([1, 2], g.Attempts!.Select(a => a.Attempt));
        Assert.Equal([(int?)1, 0], g.Attempts!.Select(a => a.ExitCode));
        Assert.Equal(["gates/01-flaky.log", "gates/01-flaky.attempt2.log"], g.Attempts!.Select(a => a.OutputPath));
        Assert.Contains("gate flaky is flaky: failed 1 of 2 attempts", proof.KnownGaps);
        Assert.Equal("flaky", Assert.Single(proof.Retries).GateId);
    }

    [Fact]
    public async Task The_same_gate_with_retries_0_fails_on_its_first_attempt()
    {
        using var h = new GateRunHarness();

        var (outcomes, events) = await h.RunAsync(new GateSet([GateRunHarness.Shell("flaky", CounterGate)], "test"));

        Assert.Equal(GateStatus.Failed, Assert.Single(outcomes).Status);
        Assert.DoesNotContain(events, e => e.Kind == EventKind.RetryScheduled);
        var finding = Assert.Single(events[^1].Payload!.Value.GetProperty("findings").EnumerateArray());
        Assert.Equal("CS0001", finding.GetProperty("code").GetString());
        Assert.Equal("/tmp/x/T.cs", finding.GetProperty("file").GetString()); // outside the repository: as printed
    }

    [Fact]
    public async Task Findings_are_read_from_the_output_relative_to_the_repository_with_the_tail_of_a_failed_gate()
    {
        using var h = new GateRunHarness();
        var script = $"""
            echo 'Determining projects to restore...'
            echo '{h.Repo}/src/A.cs(68,13): error CS1002: ; expected [{h.Repo}/src/A.csproj]'
            echo '{h.Repo}/src/B.cs(2): warning CS0168: The variable e is declared but never used [{h.Repo}/src/A.csproj]' >&2
            echo 'Build FAILED.'
            echo '{h.Repo}/src/A.cs(68,13): error CS1002: ; expected [{h.Repo}/src/A.csproj]'
            echo '    1 Error(s)'
            exit 1
            """;

        var (_, events) = await h.RunAsync(new GateSet([GateRunHarness.Shell("build", script)], "test"));

        var payload = events[^1].Payload!.Value;
        var findings = payload.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(2, findings.Count);
        Assert.Equal(
            "{\"severity\":\"error\",\"code\":\"CS1002\",\"file\":\"src/A.cs\",\"line\":68,\"column\":13,\"message\":\"; expected\"}",
            findings[0].GetRawText());
        Assert.Equal(("warning", "src/B.cs", 2), (findings[1].GetProperty("severity").GetString(), findings[1].GetProperty("file").GetString(), findings[1].GetProperty("line").GetInt32()));
        Assert.False(findings[1].TryGetProperty("column", out _));
        // stdout and stderr are read apart: the stderr line may land anywhere in the tail, the stdout order holds.
        var tail = payload.GetProperty("output_tail").EnumerateArray().Select(l => l.GetString()).Where(l => !l!.Contains("warning", StringComparison.Ordinal)).ToList();
        Assert.Equal("    1 Error(s)", tail[^1]);
        Assert.Equal("Build FAILED.", tail[^3]);
    }

    [Fact]
    public async Task A_gate_naming_junit_results_gets_its_counts_and_failed_tests()
    {
        using var h = new GateRunHarness();
        File.WriteAllText(Path.Combine(h.Repo, "test_calc.py"), "def test_sub():\n    assert 0 == 1\n");
        var junit = """<testsuites><testsuite name="pytest" tests="3"><testcase classname="test_calc" name="test_add"/><testcase classname="test_calc" name="test_sub"><failure message="assert 0 == 1">test_calc.py:2: AssertionError</failure></testcase><testcase classname="test_calc" name="test_mul"/></testsuite></testsuites>""";
        var gate = GateRunHarness.Shell("pytest", $"mkdir -p out && echo '{junit}' > out/report.xml && exit 1") with { ResultFiles = ["out/*.xml"] };

        var (_, events) = await h.RunAsync(new GateSet([gate], "test"));

        var payload = events[^1].Payload!.Value;
        Assert.Equal("{\"total\":3,\"passed\":2,\"failed\":1,\"skipped\":0}", payload.GetProperty("tests").GetRawText());
        var failed = Assert.Single(payload.GetProperty("failed_tests").EnumerateArray());
        Assert.Equal(
            "{\"name\":\"test_calc.test_sub\",\"message\":\"assert 0 == 1\",\"file\":\"test_calc.py\",\"line\":2}",
            failed.GetRawText());
        Assert.Equal("out/report.xml", payload.GetProperty("evidence").GetProperty("test_result_files").GetString());
    }

    [Fact]
    public async Task A_test_gate_that_ran_no_test_fails_with_no_tests_ran_unless_it_allows_it()
    {
        using var h = new GateRunHarness();
        var empty = "mkdir -p out && echo '<testsuites><testsuite name=\"pytest\" tests=\"0\"></testsuite></testsuites>' > out/r.xml";
        var strict = GateRunHarness.Shell("strict", empty) with { ResultFiles = ["out/r.xml"] };
        var lenient = GateRunHarness.Shell("lenient", empty) with { ResultFiles = ["out/r.xml"], AllowNoTests = true };
        var none = GateRunHarness.Shell("nothing-written", "exit 0") with { ResultFiles = ["nowhere/*.xml"] };

        var (outcomes, events) = await h.RunAsync(new GateSet([strict, lenient, none], "test"));

        Assert.Equal([GateStatus.Failed, GateStatus.Passed, GateStatus.Failed], outcomes.Select(o => o.Status));
        var reasons = events.Where(e => e.Kind == EventKind.GateFailed).Select(e => e.PayloadString("reason")).ToList();
        Assert.Equal(["no tests ran: the test results hold no test", "no tests ran: no test result file was written"], reasons);
    }

    [Fact]
    public void Dotnet_test_commands_get_a_trx_logger_and_results_directory_and_others_are_left_alone()
    {
        var (command, added) = DotnetTestResults.Prepare(ProcessCommand.Create("dotnet", "test", "--nologo", "--", "RunConfiguration.X=1"), "/run/gates/02-test.results");
        Assert.Equal(["test", "--nologo", "--logger", "trx", "--results-directory", "/run/gates/02-test.results", "--", "RunConfiguration.X=1"], command.Arguments);
        Assert.Equal("--logger trx --results-directory /run/gates/02-test.results", added);

        Assert.Null(DotnetTestResults.Prepare(ProcessCommand.Create("dotnet", "build"), "/r").Added);
        Assert.Null(DotnetTestResults.Prepare(ProcessCommand.Create("dotnet", "test", "--results-directory", "mine"), "/r").Added);
        Assert.Null(DotnetTestResults.Prepare(ProcessCommand.Shell("dotnet test"), "/r").Added);

        using var mtp = new Omk.Testing.TempDirectory("omk-mtp");
        mtp.Write("global.json", "{ \"test\": { \"runner\": \"Microsoft.Testing.Platform\" } }");
        Assert.Null(DotnetTestResults.Prepare(ProcessCommand.Create("dotnet", "test"), "/r", Path.Combine(mtp.Path)).Added);
    }
}
