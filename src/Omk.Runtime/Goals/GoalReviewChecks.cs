using Omk.Teams;

namespace Omk.Goals;

/// <summary>
/// The deterministic checks beside the reviewer: files changed outside every task's write set, and changes to what
/// judges the change (the repository's gates, <c>.omk/</c>, CI files, test filters), which the reviewer must approve
/// explicitly.
/// </summary>
public static class GoalReviewChecks
{
    /// <summary>Changed files that judge the change: <c>gates/</c>, <c>.omk/</c>, CI definitions, test filters and run settings.</summary>
    public static IReadOnlyList<string> Sensitive(IEnumerable<string> changedFiles, string? gatesDirectory = null)
    {
        var gates = (gatesDirectory ?? "gates").Replace('\\', '/').Trim('/') + "/";
        return changedFiles.Where(f =>
        {
            var path = f.Replace('\\', '/');
            var name = Path.GetFileName(path);
            return path.StartsWith(gates, StringComparison.Ordinal)
                || path.StartsWith(".omk/", StringComparison.Ordinal)
                || path.StartsWith(".github/", StringComparison.Ordinal)
                || path.StartsWith(".ci/", StringComparison.Ordinal)
                || name is ".gitlab-ci.yml" or "azure-pipelines.yml" or "Jenkinsfile" or ".travis.yml" or "appveyor.yml"
                || name.EndsWith(".runsettings", StringComparison.OrdinalIgnoreCase)
                || name.Contains("testfilter", StringComparison.OrdinalIgnoreCase)
                || name.Contains("test-filter", StringComparison.OrdinalIgnoreCase);
        }).ToList();
    }

    /// <summary>Changed files no task's write set allows (a conflict or fix task's own write set counts too).</summary>
    public static IReadOnlyList<string> OutsideWriteSets(IEnumerable<string> changedFiles, IEnumerable<TeamTask> tasks)
    {
        var sets = tasks.Select(t => new WriteSet(t.WriteSet)).ToList();
        return changedFiles.Where(f => !sets.Any(s => s.Allows(f))).ToList();
    }
}
