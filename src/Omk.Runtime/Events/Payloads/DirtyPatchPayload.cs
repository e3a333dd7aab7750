namespace Omk.Events.Payloads;

/// <summary>
/// The uncommitted work a run judged, kept in the run directory so it can be re-verified: a binary-safe patch from the
/// recorded commit to the work tree (modified, deleted and untracked files; ignored ones left out), with its size and
/// SHA-256, and the git tree it gives.
/// </summary>
public sealed record DirtyPatchPayload(string Path, long Bytes, string Sha256);
