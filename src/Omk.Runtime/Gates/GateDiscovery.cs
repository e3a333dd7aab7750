namespace Omk.Gates;

/// <summary>
/// Asks each source in turn; the first that applies decides the run's gates. <c>--after</c> orderings
/// (<c>GATE:DEPENDENCY[,DEPENDENCY...]</c>) are then added to those gates, whatever their source.
/// </summary>
public sealed class GateDiscovery(IReadOnlyList<IGateSource> sources, IReadOnlyList<string>? after = null)
{
    public async Task<GateSet> DiscoverAsync(GateSourceContext context, CancellationToken cancellationToken = default)
    {
        foreach (var source in sources)
        {
            var set = await source.LoadAsync(context, cancellationToken).ConfigureAwait(false);
            if (set is not null)
            {
                return set.OrderedBy(after ?? []).Validate();
            }
        }

        return GateSet.Empty("none: no --gate options, no gates/ folder, and no .NET solution or project under the repository root").OrderedBy(after ?? []);
    }
}
