using System.Text.RegularExpressions;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>Makes action output stable for snapshots: temp paths, run ids, commits, timings, heredoc delimiters, the fake's port.</summary>
public static partial class Scrub
{
    public static string Text(string text, ActionHarness harness)
    {
        var result = text
            .Replace(harness.Repo.Path, "{REPO}", StringComparison.Ordinal)
            .Replace(harness.RunnerDirectory, "{RUNNER}", StringComparison.Ordinal)
            .Replace(harness.GitHub.Url.AbsoluteUri.TrimEnd('/'), "{API}", StringComparison.Ordinal);
        result = RunId().Replace(result, "{RUN_ID}");
        result = Delimiter().Replace(result, "ghadelimiter_{DELIMITER}");
        result = Sha().Replace(result, "{SHA}");
        result = Duration().Replace(result, "{DURATION}");
        return result;
    }

    [GeneratedRegex(@"run-\d{8}-\d{6}-\d{3}")]
    private static partial Regex RunId();

    [GeneratedRegex(@"ghadelimiter_[0-9a-f]{32}")]
    private static partial Regex Delimiter();

    [GeneratedRegex(@"\b[0-9a-f]{40}\b|(?<=`)[0-9a-f]{12}(?=`)|(?<=commit )[0-9a-f]{7}\b")]
    private static partial Regex Sha();

    [GeneratedRegex(@"\b\d+(\.\d+)? (ms|s)\b|\b\d+ min \d+ s\b")]
    private static partial Regex Duration();
}
