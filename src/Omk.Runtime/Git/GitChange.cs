namespace Omk.Git;

/// <summary>A changed path (repository-relative, '/' separated) and its operation: <c>created</c>, <c>modified</c> or <c>deleted</c>.</summary>
public sealed record GitChange(string Path, string Operation);
