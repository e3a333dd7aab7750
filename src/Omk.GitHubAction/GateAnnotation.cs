namespace Omk.GitHubAction;

/// <summary>One annotation for a gate that did not pass: <c>error</c> (required) or <c>warning</c> (allowed to fail), at its declaration when known.</summary>
public sealed record GateAnnotation(string Kind, string Title, string Message, string? File, int? Line);
