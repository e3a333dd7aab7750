namespace Omk.Events.Payloads;

/// <summary>How many tests a gate ran, read from its result files (TRX, JUnit XML).</summary>
public sealed record TestCounts(int Total, int Passed, int Failed, int Skipped)
{
    public static TestCounts Zero { get; } = new(0, 0, 0, 0);

    public TestCounts Add(TestCounts other) =>
        new(Total + other.Total, Passed + other.Passed, Failed + other.Failed, Skipped + other.Skipped);
}
