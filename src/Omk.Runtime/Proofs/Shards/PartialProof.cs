using Omk.Events;
using Omk.Events.Payloads;
using Omk.Runs;

namespace Omk.Proofs.Shards;

/// <summary>One shard's run as a merge reads it: its directory, its <c>run_started</c> (with the shard record), and its events.</summary>
public sealed record PartialProof(RunDirectory Run, RunStartedPayload Started, ShardPayload Shard, IReadOnlyList<Event> Events)
{
    /// <summary>The gates this shard was given (its selection).</summary>
    public IReadOnlyList<string> Gates => Started.GateSelection?.Selected ?? Started.PlannedGates ?? [];

    /// <summary>Why the shard's run ended badly (cancelled, internal error), or null when it completed.</summary>
    public string? FailedReason => Events.LastOrDefault(e => e.Kind == EventKind.RunFailed)?.PayloadString("reason");

    /// <summary>Every run directory under the given paths (a run directory itself, or folders holding some, as artifacts download).</summary>
    public static IReadOnlyList<PartialProof> ReadAll(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var found = new List<PartialProof>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (!Directory.Exists(full))
            {
                throw new ProofMergeException($"'{path}' is not a directory.");
            }

            var runs = File.Exists(EventReader.LogPathIn(full))
                ? [full]
                : Directory.EnumerateFiles(full, EventSchema.FileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4 })
                    .Select(f => Path.GetDirectoryName(f)!)
                    .Order(StringComparer.Ordinal)
                    .ToList();
            if (runs.Count == 0)
            {
                throw new ProofMergeException($"'{path}' holds no {EventSchema.FileName}: not a partial proof (the run directory of omk proof --shard).");
            }

            found.AddRange(runs.Select(Read));
        }

        return found;
    }

    private static PartialProof Read(string directory)
    {
        var run = new RunDirectory(new RunId(Path.GetFileName(Path.TrimEndingDirectorySeparator(directory))), directory);
        var events = EventReader.Read(run.EventsPath).ToList();
        var started = events.FirstOrDefault(e => e.Kind == EventKind.RunStarted)?.PayloadAs(EventJsonContext.File.RunStartedPayload)
            ?? throw new ProofMergeException($"'{directory}': its {EventSchema.FileName} has no run_started event.");
        var shard = started.Shard
            ?? throw new ProofMergeException($"'{directory}' is a whole run, not a partial proof: it was not run with omk proof --shard I/N.");
        return new PartialProof(run, started, shard, events);
    }
}
