namespace Omk.Events.Payloads;

/// <summary>A failed test: its name, its failure message (redacted, cut) and the first stack frame inside the
/// repository (file relative to the repository root, line).</summary>
public sealed record FailedTest(string Name, string? Message, string? File, int? Line);
