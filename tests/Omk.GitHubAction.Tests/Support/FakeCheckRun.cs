namespace Omk.GitHubAction.Tests.Support;

/// <summary>A check run the fake API holds: the number of annotations of each request (create, then updates).</summary>
public sealed record FakeCheckRun(long Id, string Name, string HeadSha)
{
    public string? Conclusion { get; init; }

    public string Summary { get; init; } = string.Empty;

    public List<int> AnnotationBatches { get; } = [];
}
