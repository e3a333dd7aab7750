using Omk.Events;

namespace Omk.Proofs;

/// <summary>Records to the log first, then tells an observer (a live view). The observer never blocks the log.</summary>
public sealed class EventTee(IEventSink log, Action<Event>? observer) : IEventSink
{
    public async ValueTask AppendAsync(Event @event, CancellationToken cancellationToken = default)
    {
        await log.AppendAsync(@event, cancellationToken).ConfigureAwait(false);
        observer?.Invoke(@event);
    }
}
