namespace Omk.Proofs;

/// <summary>A gate's status in a proof.</summary>
public static class GateStatus
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}
