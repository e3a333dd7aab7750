namespace Omk.GitHubAction;

/// <summary>Every input of <c>action.yml</c>, in its order (a test checks the two agree).</summary>
public static class ActionInputs
{
    public const string TokenVariable = "OMK_GITHUB_TOKEN";

    public static IReadOnlyList<ActionInput> All { get; } =
    [
        new("mode", "proof", "proof: run the gates and report the proof. publish: report a proof made by another workflow run (fork pull requests, see docs/github-action.md). merge: fold the partial proofs of a sharded matrix (shard input) into one proof and report it. goal: run a goal (dispatch, labelled issue, /omk comment) with no token in its environment and hand it over as a bundle. goal-publish: verify that bundle, push it and open a draft pull request."),
        new("working-directory", ".", "The repository (or folder) whose gates run, relative to the workspace."),
        new("gates", "", "Gates as name=command, one per line; they replace gates/*.fsx and the auto-detected .NET gates. No shell unless the command starts with '!'."),
        new("gates-dir", "", "The folder of gate scripts (*.fsx), relative to working-directory (default: gates)."),
        new("gate-filter", "", "Run only these gates and what they depend on: names with * and ? wildcards, or tag:NAME, separated by commas."),
        new("parallel", "1", "Run up to N independent gates at once."),
        new("retries", "0", "Run a failed gate again up to N times on the same tree, for gates that declare no retries; a gate that then passes is reported as flaky."),
        new("after", "", "Gate order, GATE:DEPENDENCY[,DEPENDENCY...], one per line: the gate runs only after its dependencies passed (any gate source)."),
        new("timeout", "", "Timeout of each gate that declares none, e.g. 90s, 10m, 1h (default 30m); a gate script's own timeout wins."),
        new("no-reuse", "false", "true: run every gate, even one whose inputs match a passed result in the cache (results are still stored)."),
        new("affected", "false", "true: incremental selection, the per-project gates run only for projects the change since base-ref reaches in the MSBuild project graph (omk proof --affected)."),
        new("base-ref", "", "Changed files are taken against the merge base of this ref and HEAD (default: the pull request's base branch, origin/<base>; needs fetch-depth: 0)."),
        new("comment", "always", "When to write the sticky pull request comment: always, on-failure (when not ready, and to update an earlier one), on-change (when the verdict or a gate's status changed), never."),
        new("comment-key", "proof", "Names the sticky comment: one comment per key on a pull request (use one key per matrix job)."),
        new("fail-on", "not-ready", "not-ready: the step fails unless the proof is ready. never: the step passes whatever the verdict (read the verdict output)."),
        new("github-token", "${{ github.token }}", "Token for the pull request comment (needs pull-requests: write).", TokenVariable),
        new("proof-dir", "", "publish mode: the run directory of the proof to report (downloaded from the proof workflow's artifact)."),
        new("event-file", "", "publish mode: the pull_request event file saved by the proof workflow (default: GITHUB_EVENT_PATH)."),
        new("report", "comment", "Where the proof goes besides the job summary: comment (the sticky comment and workflow-command annotations), check (a check run with every finding as an annotation; needs checks: write), or both."),
        new("shard", "", "I/N: run share I of N of the gates (a matrix job) and write a partial proof to upload from the shard-dir output; a final job with mode: merge reports them as one proof."),
        new("goal-label", "omk", "goal mode: the issue label that starts a goal (the issue's title and body are the goal)."),
        new("agent-driver", "", "goal mode: the agent protocol, acp (Kimi Code CLI, default) or wire (legacy kimi-cli); model settings go in the step's env."),
        new("agent", "", "goal mode: the agent: kimi, kimi-wire, or an ACP agent's command line."),
        new("agents", "", "goal mode: workers at once (default 2)."),
        new("budget-time", "", "goal mode: wall-time budget of the goal, e.g. 30m."),
        new("budget-tokens", "", "goal mode: token budget of all agent turns."),
        new("budget-usd", "", "goal mode: cost budget in USD."),
        new("allow-workflow-changes", "false", "goal-publish mode: true lets the goal's bundle change .github/workflows/ files (refused by default)."),
        new("max-bundle-size", "100m", "goal-publish mode: the largest bundle accepted, in bytes or with k, m, g."),
    ];

    public static ActionInput? Find(string name) => All.FirstOrDefault(i => i.Name == name);
}
