using Omk.Events.Payloads;

namespace Omk.Evidence;

/// <summary>
/// The test results of a gate, from all its result files: counts, the first <see cref="TestReportBuilder.MaxFailedTests"/>
/// failed tests, the files read, and files that could not be read (each with why).
/// </summary>
public sealed record TestReport(TestCounts Counts, IReadOnlyList<FailedTest> FailedTests, IReadOnlyList<string> Files, IReadOnlyList<string> Unreadable);
