namespace Omk.Events;

/// <summary>Where a component records what happened. The log file writer is one; tees and observers are others.</summary>
public interface IEventSink
{
    ValueTask AppendAsync(Event @event, CancellationToken cancellationToken = default);
}
