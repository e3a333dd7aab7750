namespace Omk.GitHubAction.Tests.Support;

/// <summary>
/// A stand-in for <c>omk goal run</c> (given to the action by <c>OMK_ACTION_GOAL_COMMAND</c>, in tests only): it writes
/// its whole environment to a file (what the agent would see), makes a real commit on a real branch
/// <c>omk/goal/&lt;id&gt;</c> of the repository (touching <c>.github/workflows/</c> when the goal says "workflow"),
/// writes a proof directory, and prints the goal contract's one JSON object: <c>ready</c>, or <c>not_ready</c> when the
/// goal says "unfinished", <c>failed</c> when it says "crash" (exit code 1, as omk's).
/// </summary>
public static class GoalStandIn
{
    /// <summary>Writes the script and returns the command line that runs it.</summary>
    public static string Write(string directory, string goalId)
    {
        var script = Path.Combine(directory, "omk-goal-stand-in.sh");
        File.WriteAllText(script, $$"""
            #!/usr/bin/env bash
            set -euo pipefail
            env > "{{directory}}/goal-env.txt"
            goal="$3"; repo=""
            while [ $# -gt 0 ]; do if [ "$1" = "--repo" ]; then repo="$2"; fi; shift; done
            cd "$repo"
            base="$(git rev-parse HEAD)"
            current="$(git rev-parse --abbrev-ref HEAD)"
            git checkout -q -B "omk/goal/{{goalId}}" "$base"
            echo "$goal" > goal-result.txt
            if [[ "$goal" == *workflow* ]]; then mkdir -p .github/workflows; echo "on: push" > .github/workflows/evil.yml; fi
            git add -A && git -c user.email=agent@omk.invalid -c user.name=agent commit -q -m "goal {{goalId}}"
            commit="$(git rev-parse HEAD)"
            git checkout -q "$current"
            run="{{directory}}/goal-run-{{goalId}}"; mkdir -p "$run"
            status=ready; reason="every gate passed"; code=0
            if [[ "$goal" == *unfinished* ]]; then status=not_ready; reason="gate build failed on the integration head"; code=1; fi
            if [[ "$goal" == *crash* ]]; then status=failed; reason="the planner crashed"; code=1; fi
            if [ "$status" = ready ]; then printf '# ✅ Omk goal: ready\n\nThe goal is done: %s\n' "$goal" > "$run/proof.md"; else printf '# ❌ Omk goal: %s\n\n**The goal is not met.** %s\n' "$status" "$reason" > "$run/proof.md"; fi
            echo "{\"status\":\"$status\"}" > "$run/proof.json"
            printf '{"goal_id":"{{goalId}}","status":"%s","reason":"%s","next":null,"branch":"omk/goal/{{goalId}}","commit":"%s","base":"%s","run_dir":"%s","proof_json":"%s/proof.json","proof_md":"%s/proof.md","pull_request_url":null}\n' "$status" "$reason" "$commit" "$base" "$run" "$run" "$run"
            exit $code
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        return "bash " + script;
    }
}
