using Omk.Events;

namespace Omk.Proofs;

/// <summary>Records to the log first, then tells an observer (a live view). The observer never blocks the log.</summary>
public sealed class EventTee(IEventSink log, Action<Event>? observer) : IEventSink
{
    // Not an async method: the log takes an event without waiting (EventWriter queues it), so the common case completes
    // here and no state machine is JIT-compiled for it; a log that does wait is awaited in ObserveAfterAsync.
    public ValueTask AppendAsync(Event @event, CancellationToken cancellationToken = default)
    {
        var logged = log.AppendAsync(@event, cancellationToken);
        if (!logged.IsCompletedSuccessfully)
        {
            return ObserveAfterAsync(logged, @event);
        }

        logged.GetAwaiter().GetResult();
        observer?.Invoke(@event);
        return ValueTask.CompletedTask;
    }

    private async ValueTask ObserveAfterAsync(ValueTask logged, Event @event)
    {
        await logged.ConfigureAwait(false);
        observer?.Invoke(@event);
    }
}
