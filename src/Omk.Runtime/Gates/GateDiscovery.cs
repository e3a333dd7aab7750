namespace Omk.Gates;

/// <summary>Asks each source in turn; the first that applies decides the run's gates.</summary>
public sealed class GateDiscovery(IReadOnlyList<IGateSource> sources)
{
    public async Task<GateSet> DiscoverAsync(GateSourceContext context, CancellationToken cancellationToken = default)
    {
        foreach (var source in sources)
        {
            var set = await source.LoadAsync(context, cancellationToken).ConfigureAwait(false);
            if (set is not null)
            {
                return set.Validate();
            }
        }

        return GateSet.Empty("none: no --gate options, no gates/ folder, and no .NET solution or project at the repository root");
    }
}
