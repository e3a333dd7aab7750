using Omk.Events.Payloads;
using Omk.Gates;

namespace Omk.Affected;

/// <summary>
/// Incremental selection (<c>omk proof --affected</c>): the gates declared for a project (<c>project "path"</c> in a gate
/// script, or the per-project test gates of an auto-detected .NET repository) run only when the change reaches their
/// project (<see cref="AffectedProjects"/>); the others are recorded as skipped with the reason, and the whole selection
/// (every project, affected or not and why) goes into <c>run_started</c> and the proof. Gates without a project always run.
/// When the graph cannot be read, nothing is skipped and the proof says why.
/// </summary>
public static class AffectedGateSelection
{
    /// <summary>
    /// The selection of a proof run at <paramref name="repoRoot"/>: the graph and the changes are the whole git work
    /// tree's (a run's <c>--repo</c> below the top level still sees a changed <c>Directory.Build.props</c> above it, and
    /// projects it references outside it), so paths in the selection are relative to the top level.
    /// </summary>
    public static async Task<GateSet> ForRunAsync(
        GateSet gates, string repoRoot, Git.GitSnapshot git, string? baseRef, ProjectGraphReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(git.TopLevel));
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repoRoot));
        var changes = string.Equals(top, root, StringComparison.Ordinal)
            ? git.Changes
            : (await Git.GitRepository.AtTopLevel(top).SnapshotAsync(baseRef, cancellationToken).ConfigureAwait(false)).Changes;
        return await ApplyAsync(gates, top, root, changes.Select(c => c.Path).ToList(), baseRef, reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The selection with the graph and changed files of <paramref name="repoRoot"/>, which is also where gates' projects are relative to.</summary>
    public static Task<GateSet> ApplyAsync(
        GateSet gates, string repoRoot, IReadOnlyCollection<string> changedFiles, string? baseRef, ProjectGraphReader reader, CancellationToken cancellationToken) =>
        ApplyAsync(gates, repoRoot, repoRoot, changedFiles, baseRef, reader, cancellationToken);

    /// <summary>
    /// The selection with the graph of <paramref name="graphRoot"/> and changed files relative to it, for gates whose
    /// projects are relative to <paramref name="gateRoot"/> (the run's root, at or below it).
    /// </summary>
    public static async Task<GateSet> ApplyAsync(
        GateSet gates, string graphRoot, string gateRoot, IReadOnlyCollection<string> changedFiles, string? baseRef, ProjectGraphReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(reader);
        var root = Path.GetFullPath(graphRoot);
        var declared = gates.Gates.Where(g => g.Project is not null).Select(g => (Gate: g, Project: ProjectOf(g, Path.GetFullPath(gateRoot), root))).ToList();
        ProjectGraph graph;
        try
        {
            graph = await reader.ReadAsync(root, cancellationToken).ConfigureAwait(false);
        }
        catch (ProjectGraphException ex)
        {
            var unread = new AffectedSelectionPayload(baseRef, changedFiles.Count, [], []) { GraphError = ex.Message + "; every project counts as affected" };
            return gates with { Affected = unread };
        }

        var projects = AffectedProjects.Compute(graph, changedFiles);
        var byProject = projects.ToDictionary(p => p.Project, StringComparer.Ordinal);
        var skipped = new List<UnaffectedGatePayload>();
        var selected = gates.Gates.Select(gate =>
        {
            var project = declared.FirstOrDefault(d => ReferenceEquals(d.Gate, gate)).Project;
            if (project is null || gate.Skip || !byProject.TryGetValue(project, out var state) || state.Affected)
            {
                return gate; // not per project, skipped anyway, outside the graph (run, to be safe) or affected
            }

            var reason = $"unaffected: {project} ({state.Reason} since {(baseRef is null ? "HEAD" : baseRef)})";
            skipped.Add(new UnaffectedGatePayload(gate.Name, project, state.Reason));
            return gate with { Skip = true, SkipReason = reason };
        }).ToList();

        var payload = new AffectedSelectionPayload(baseRef, changedFiles.Count, projects, skipped) { Graph = graph.How };
        return gates with { Gates = selected, Affected = payload };
    }

    /// <summary>
    /// The selection a run recorded, applied again (<c>omk replay --verify</c>): the gates it skipped as unaffected are
    /// skipped again with the recorded reason, so that re-verification judges the same selection on the same tree.
    /// </summary>
    public static GateSet Reapply(GateSet gates, AffectedSelectionPayload recorded)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(recorded);
        var skipped = recorded.SkippedGates.ToDictionary(g => g.Gate, StringComparer.Ordinal);
        var selected = gates.Gates
            .Select(g => skipped.TryGetValue(g.Name, out var s)
                ? g with { Skip = true, SkipReason = $"unaffected: {s.Project} ({s.Reason} since {recorded.Base ?? "HEAD"}, as recorded)" }
                : g)
            .ToList();
        return gates with { Gates = selected, Affected = recorded };
    }

    // The gate's project, repository-relative with '/'; a project that does not exist is the gate's configuration error.
    private static string ProjectOf(GateDefinition gate, string gateRoot, string root)
    {
        var full = Path.GetFullPath(Path.Combine(gateRoot, gate.Project!));
        if (!File.Exists(full))
        {
            throw new GateConfigurationException($"Gate '{gate.Name}'{(gate.Source is null ? string.Empty : " at " + gate.Source)} declares project '{gate.Project}', which does not exist ({full}).");
        }

        return Path.GetRelativePath(root, full).Replace('\\', '/');
    }
}
