namespace Omk.GitHubAction.Tests.Support;

/// <summary>One request the fake received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string Body, string Authorization, DateTimeOffset At);
