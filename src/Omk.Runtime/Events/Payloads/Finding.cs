namespace Omk.Events.Payloads;

/// <summary>
/// One diagnostic read from a gate's output (a compiler or MSBuild error or warning): <c>severity</c>
/// (<c>error</c> | <c>warning</c>), <c>code</c> (e.g. <c>CS1002</c>), <c>file</c> relative to the repository root
/// when it lies inside it, <c>line</c>, <c>column</c> and <c>message</c> (redacted). Location fields are null when
/// the diagnostic has none (<c>MSBUILD : error MSB1009: …</c>).
/// </summary>
public sealed record Finding(string Severity, string? Code, string? File, int? Line, int? Column, string Message);
