using Omk.Events.Payloads;

namespace Omk.GateCache;

/// <summary>
/// A passed gate result kept for reuse: the input key it answers, the run and gate that recorded it, when, the
/// result as recorded (its evidence), and the size and SHA-256 of its log (kept beside it, checked before use).
/// </summary>
public sealed record CachedGateResult(
    string InputKey,
    string Run,
    string Gate,
    DateTimeOffset RecordedAt,
    GateResultPayload Result,
    string? LogSha256,
    long? LogBytes);
