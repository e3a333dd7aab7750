namespace Omk.Events.Payloads;

/// <summary>
/// One project of an incremental run's graph (repository-relative path with <c>/</c>): whether the change reaches it,
/// and why, e.g. <c>changed: src/App/Program.cs</c>, <c>references src/Lib/Lib.csproj</c>,
/// <c>Directory.Build.props changed (imported by every project below it)</c>, or <c>no changed file reaches it</c>.
/// </summary>
public sealed record AffectedProjectPayload(string Project, bool Affected, string Reason);
