using Omk.Storage;

namespace Omk.Events;

/// <summary>How an <see cref="EventWriter"/> behaves.</summary>
public sealed record EventWriterOptions
{
    /// <summary>Events queued before producers wait (back-pressure).</summary>
    public int Capacity { get; init; } = 8192;

    /// <summary>Most bytes gathered into one write.</summary>
    public int MaxBatchBytes { get; init; } = 256 * 1024;

    /// <summary>Redacts payload strings before they reach the file.</summary>
    public SecretRedactor Redactor { get; init; } = SecretRedactor.Default;
}
