namespace Omk.Replay;

/// <summary>
/// One gate re-run on the recorded tree: <c>reproduced</c> (the same outcome), <c>diverged</c> (another outcome, both
/// given) or <c>flaky</c> (its attempts differed: it failed, then passed on the same tree), with both outcomes as
/// <c>passed</c>, <c>failed: reason</c> or <c>skipped: reason</c>.
/// </summary>
public sealed record GateVerification(string Gate, string Verdict, string Original, string Now)
{
    public const string Reproduced = "reproduced";
    public const string Diverged = "diverged";
    public const string Flaky = "flaky";
}
