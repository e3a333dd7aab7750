namespace Omk.Replay;

/// <summary>
/// What <c>omk replay --verify</c> found: the run re-verified, the new run that re-ran its gates (linked to it by
/// <c>verifies_run</c>), the commit and whether a dirty patch was applied, and each gate's verdict.
/// </summary>
public sealed record RunVerification(
    string Run,
    string VerificationRun,
    string VerificationRunDirectory,
    string Commit,
    bool PatchApplied,
    IReadOnlyList<GateVerification> Gates)
{
    /// <summary>True when every gate reproduced (exit 0).</summary>
    public bool Reproduced => Gates.Count > 0 && Gates.All(g => g.Verdict == GateVerification.Reproduced);
}
