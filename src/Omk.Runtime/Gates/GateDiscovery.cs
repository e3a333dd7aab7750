namespace Omk.Gates;

/// <summary>
/// Asks each source in turn; the first that applies decides the run's gates. <c>--after</c> orderings
/// (<c>GATE:DEPENDENCY[,DEPENDENCY...]</c>) are then added to those gates, whatever their source.
/// </summary>
public sealed class GateDiscovery(IReadOnlyList<IGateSource> sources, IReadOnlyList<string>? after = null)
{
    /// <remarks>
    /// Every source here answers without waiting (<c>--gate</c> options, cached gate scripts, the files of the repository), so
    /// the sources are asked synchronously while their answers are already complete, and only a source that does wait
    /// continues asynchronously: a short-lived command then never prepares an async state machine for the JIT here.
    /// </remarks>
    public Task<GateSet> DiscoverAsync(GateSourceContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            for (var i = 0; i < sources.Count; i++)
            {
                var load = sources[i].LoadAsync(context, cancellationToken);
                if (!load.IsCompletedSuccessfully)
                {
                    return ContinueAsync(load, i, context, cancellationToken);
                }

                if (load.Result is { } set)
                {
                    return Task.FromResult(Decided(set));
                }
            }

            return Task.FromResult(None());
        }
#pragma warning disable CA1031 // Not handled: returned in the task, as an async method would (callers see a faulted task, never a throw).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<GateSet>(ex);
        }
    }

    private async Task<GateSet> ContinueAsync(Task<GateSet?> pending, int index, GateSourceContext context, CancellationToken cancellationToken)
    {
        if (await pending.ConfigureAwait(false) is { } set)
        {
            return Decided(set);
        }

        for (var i = index + 1; i < sources.Count; i++)
        {
            if (await sources[i].LoadAsync(context, cancellationToken).ConfigureAwait(false) is { } next)
            {
                return Decided(next);
            }
        }

        return None();
    }

    private GateSet Decided(GateSet set) => set.OrderedBy(after ?? []).Validate();

    private GateSet None() =>
        GateSet.Empty("none: no --gate options, no gates/ folder, and no .NET solution or project under the repository root").OrderedBy(after ?? []);
}
