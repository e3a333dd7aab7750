using Omk.Evidence;
using Omk.Testing;

namespace Omk.Tests.Evidence;

public sealed class TestResultFileTests
{
    [Fact]
    public void A_trx_file_gives_counts_and_failed_tests_with_message_and_the_first_frame_in_the_repository()
    {
        using var dir = new TempDirectory("omk-trx");
        dir.Write("tests/CalcTests.cs", "// test source\n");
        var trx = dir.Write("results/a.trx", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="1" name="x" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
                <UnitTestResult testId="1" testName="Calc.Adds" outcome="Passed" />
                <UnitTestResult testId="2" testName="Calc.Subtracts" outcome="Failed">
                  <Output>
                    <ErrorInfo>
                      <Message>Assert.Equal() Failure: Values differ
            Expected: 3
            Actual:   4</Message>
                      <StackTrace>   at Xunit.Assert.Equal(Int32 expected, Int32 actual)
               at Calc.Subtracts() in {dir.Path}/tests/CalcTests.cs:line 17</StackTrace>
                    </ErrorInfo>
                  </Output>
                </UnitTestResult>
                <UnitTestResult testId="3" testName="Calc.Later" outcome="NotExecuted" />
              </Results>
              <ResultSummary outcome="Failed"><Counters total="3" executed="2" passed="1" failed="1" /></ResultSummary>
            </TestRun>
            """);
        var report = new TestReportBuilder(new RepoPath(dir.Path));

        TestResultFile.Read(trx, report);

        var result = report.Build();
        Assert.Equal(new(3, 1, 1, 1), result.Counts);
        var failed = Assert.Single(result.FailedTests);
        Assert.Equal("Calc.Subtracts", failed.Name);
        Assert.StartsWith("Assert.Equal() Failure: Values differ\nExpected: 3", failed.Message, StringComparison.Ordinal);
        Assert.Equal(("tests/CalcTests.cs", (int?)17), (failed.File, failed.Line));
        Assert.Equal(["results/a.trx"], result.Files);
    }

    [Fact]
    public void A_junit_file_in_pytest_format_gives_counts_and_the_failing_line()
    {
        using var dir = new TempDirectory("omk-junit");
        dir.Write("tests/test_calc.py", "def test_sub():\n    assert 1 - 1 == 1\n");
        var xml = dir.Write("report.xml", """
            <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="4" time="0.03" timestamp="2026-12-04T12:00:00" hostname="h"><testcase classname="tests.test_calc" name="test_add" time="0.001" /><testcase classname="tests.test_calc" name="test_sub" time="0.001"><failure message="assert (1 - 1) == 1">def test_sub():
            &gt;       assert 1 - 1 == 1
            E       assert (1 - 1) == 1

            tests/test_calc.py:2: AssertionError</failure></testcase><testcase classname="tests.test_calc" name="test_skip" time="0.000"><skipped type="pytest.skip" message="later">tests/test_calc.py:5: later</skipped></testcase><testcase classname="tests.test_calc" name="test_mul" time="0.001"><system-out>hello</system-out></testcase></testsuite></testsuites>
            """);
        var report = new TestReportBuilder(new RepoPath(dir.Path));

        TestResultFile.Read(xml, report);

        var result = report.Build();
        Assert.Equal(new(4, 2, 1, 1), result.Counts);
        var failed = Assert.Single(result.FailedTests);
        Assert.Equal(("tests.test_calc.test_sub", "assert (1 - 1) == 1", "tests/test_calc.py", (int?)2), (failed.Name, failed.Message, failed.File, failed.Line));
    }

    [Fact]
    public void A_file_that_is_not_test_results_is_named_as_unreadable()
    {
        using var dir = new TempDirectory("omk-junit");
        var bad = dir.Write("bad.xml", "<html><body>no</body></html>");
        var broken = dir.Write("broken.xml", "<testsuites><testcase");
        var report = new TestReportBuilder(new RepoPath(dir.Path));

        TestResultFile.Read(bad, report);
        TestResultFile.Read(broken, report);

        var result = report.Build();
        Assert.Equal(0, result.Counts.Total);
        Assert.Collection(
            result.Unreadable,
            u => Assert.StartsWith("bad.xml: not a TRX or JUnit XML file (root element <html>)", u, StringComparison.Ordinal),
            u => Assert.StartsWith("broken.xml: ", u, StringComparison.Ordinal));
    }
}
