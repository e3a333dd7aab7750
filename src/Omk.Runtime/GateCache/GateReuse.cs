using Omk.Gates;
using Omk.Git;

namespace Omk.GateCache;

/// <summary>
/// What a gate run needs to key its gates and reuse passed results: the work tree's content at the start, the
/// repository's result cache, and whether to look results up (<c>--no-reuse</c> only stores). Null outside git.
/// </summary>
public sealed class GateReuse
{
    private readonly ToolVersionProbe _tools;

    private readonly bool _startedClean;

    private GateReuse(WorkTreeContent tree, GateResultCache cache, string repoRoot, bool lookup, Func<string, string?> environment, bool startedClean)
    {
        _startedClean = startedClean;
        Tree = tree;
        Cache = cache;
        RepoRoot = repoRoot;
        Lookup = lookup;
        Environment = environment;
        _tools = new ToolVersionProbe(repoRoot);
    }

    public WorkTreeContent Tree { get; }

    public GateResultCache Cache { get; }

    public string RepoRoot { get; }

    /// <summary>False with <c>--no-reuse</c>: every gate runs (its passed result is still stored).</summary>
    public bool Lookup { get; }

    public Func<string, string?> Environment { get; }

    /// <summary>
    /// Reads the work tree's content (see <see cref="WorkTreeHash"/>) and finds the repository's cache; null outside a
    /// git work tree or when git cannot say, and then no gate is keyed or reused.
    /// </summary>
    public static async Task<GateReuse?> PrepareAsync(
        string repoRoot,
        IReadOnlyList<string>? statusPaths,
        bool lookup,
        Func<string, string?>? environment = null,
        Task<WorkTreeFacts?>? facts = null,
        CancellationToken cancellationToken = default)
    {
        environment ??= System.Environment.GetEnvironmentVariable;
        var tree = await WorkTreeHash.ComputeAsync(repoRoot, statusPaths, facts ?? HeadTrees.ReadFactsAsync(repoRoot, null, environment, cancellationToken), cancellationToken).ConfigureAwait(false);
        return tree is null
            ? null
            : new GateReuse(tree, GateResultCache.ForRepository(tree.CommonDirectory, environment), Path.GetFullPath(repoRoot), lookup, environment, statusPaths is { Count: 0 });
    }

    /// <summary>True when the work tree still has the content it had at the start (the gates did not change their own inputs).</summary>
    public async Task<bool> TreeUnchangedAsync(CancellationToken cancellationToken)
    {
        // A tree that was clean at the start is read as it was then: one git status, then (still clean) HEAD's tree, instead
        // of a scan into a copy of the index and a write-tree. Its key is computed the same way as at the start.
        // Its HEAD's tree comes from the results cache when that HEAD was seen before (no git rev-parse).
        IReadOnlyList<string>? paths = null;
        string? head = null;
        if (_startedClean)
        {
            try
            {
                var status = await GitRepository.AtTopLevel(Tree.TopLevel).SnapshotAsync(null, cancellationToken).ConfigureAwait(false);
                (paths, head) = (status.StatusPaths, status.Commit);
            }
            catch (GitException)
            {
                paths = null; // git could not say: the scan below decides
            }
        }

        var facts = HeadTrees.ReadFactsAsync(RepoRoot, head, Environment, cancellationToken);
        var now = await WorkTreeHash.ComputeAsync(RepoRoot, paths, facts, cancellationToken).ConfigureAwait(false);
        return now?.Tree == Tree.Tree;
    }

    /// <summary>
    /// Keeps the repository's cache bounded (<see cref="GateCachePolicy"/>, limits from this run's environment): prunes it when
    /// its last pruning is a day old. Best effort; malformed limits leave it to <c>omk cache prune</c>, which names them.
    /// </summary>
    public GateCachePruneResult? PruneIfDue(DateTimeOffset now)
    {
        try
        {
            return GateCachePruner.PruneIfDue(Cache.Directory, GateCachePolicy.FromEnvironment(Environment), now);
        }
        catch (GateConfigurationException)
        {
            return null;
        }
    }

    public async Task<string> KeyAsync(GateDefinition gate, GateRunContext context, CancellationToken cancellationToken)
    {
        var tools = new List<KeyValuePair<string, string>>();
        foreach (var command in gate.ToolVersions.Distinct(StringComparer.Ordinal))
        {
            tools.Add(new(command, await _tools.VersionAsync(command, cancellationToken).ConfigureAwait(false)));
        }

        var root = Path.GetRelativePath(Tree.TopLevel, RepoRoot).Replace('\\', '/');
        return GateInputKey.Compute(gate, new GateInputs(Tree.Tree, root, context.ChangedFiles, context.BaseRef, Environment, tools));
    }

    /// <summary>
    /// The gates of <paramref name="set"/> whose results are reused, with their cached results: those with a passed result
    /// under their key (looked up unless <c>--no-reuse</c>; never for <c>reuse false</c> or a skipped gate), less any gate
    /// another gate depends on that will run, since a reused result leaves nothing on disk (a build's binaries) for it.
    /// </summary>
    public static Dictionary<string, CachedGateResult> Plan(GateSet set, IReadOnlyDictionary<string, string> keys, GateReuse reuse)
    {
        var hits = new Dictionary<string, CachedGateResult>(StringComparer.Ordinal);
        if (!reuse.Lookup)
        {
            return hits;
        }

        foreach (var gate in set.Gates.Where(g => g.Reuse && !g.Skip && keys.ContainsKey(g.Name)))
        {
            if (reuse.Cache.TryGet(keys[gate.Name]) is { } hit)
            {
                hits[gate.Name] = hit;
            }
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var gate in set.Gates.Where(g => !hits.ContainsKey(g.Name) && !g.Skip))
            {
                foreach (var dependency in gate.DependsOn.Where(hits.ContainsKey))
                {
                    hits.Remove(dependency);
                    changed = true;
                }
            }
        }

        return hits;
    }
}
