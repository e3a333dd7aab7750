namespace Omk.Events;

/// <summary>Selects events by kind, actor and time range (inclusive). Empty criteria match everything.</summary>
public sealed record EventFilter
{
    public IReadOnlySet<EventKind>? Kinds { get; init; }

    public string? Actor { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public static EventFilter All { get; } = new();

    public bool Matches(Event e) =>
        (Kinds is null || Kinds.Count == 0 || Kinds.Contains(e.Kind))
        && (Actor is null || string.Equals(Actor, e.Actor, StringComparison.Ordinal))
        && (From is null || e.Ts >= From)
        && (To is null || e.Ts <= To);
}
