namespace Omk.Attestations;

/// <summary>
/// The in-toto test-result v0.1 predicate (<see cref="Type"/>): <c>PASSED</c>, <c>WARNED</c> or <c>FAILED</c>, the
/// configuration that was run (resource descriptors), and the names of the tests that passed, warned and failed.
/// </summary>
public sealed record TestResultPredicate(string Result, IReadOnlyList<ResourceDescriptor> Configuration)
{
    public const string Type = "https://in-toto.io/attestation/test-result/v0.1";

    public string? Url { get; init; }

    public IReadOnlyList<string>? PassedTests { get; init; }

    public IReadOnlyList<string>? WarnedTests { get; init; }

    public IReadOnlyList<string>? FailedTests { get; init; }
}
