using System.Text.Json;
using System.Text.Json.Nodes;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Runs;

namespace Omk.Proofs.Shards;

/// <summary>
/// Folds the partial proofs of a sharded run into one proof (<c>omk proof merge</c>). Checks first, writes nothing
/// when they fail: every partial proof has the same commit, shard count and gate set hash, and no gate (or shard)
/// appears twice. Then writes one run whose log holds every shard's gate events (their logs copied under
/// <c>gates/shard-I/</c>), and its proof. A missing shard leaves its gates out of the selection: the merged proof
/// is then <c>partial</c> (or failed), never <c>ready</c>.
/// </summary>
public sealed class ProofMerge(TimeProvider time)
{
    private static readonly HashSet<EventKind> GateKinds =
        [EventKind.CommandStarted, EventKind.CommandFinished, EventKind.GatePassed, EventKind.GateFailed, EventKind.RetryScheduled];

    /// <summary>
    /// Merges the partial proofs under <paramref name="inputs"/> into <paramref name="output"/> (a new or empty
    /// directory), or into a new run of <paramref name="store"/> when no output is given.
    /// </summary>
    public async Task<ProofRunResult> MergeAsync(IReadOnlyList<string> inputs, string? output, RunStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var shards = Check(PartialProof.ReadAll(inputs));
        var first = shards[0];
        var total = first.Shard.Total;
        var ran = shards.SelectMany(s => s.Gates).ToHashSet(StringComparer.Ordinal);
        var planned = first.Shard.AllGates.Where(ran.Contains).ToList();
        var missingGates = first.Shard.AllGates.Where(g => !ran.Contains(g)).ToList();
        var present = shards.Select(s => s.Shard.Index).ToHashSet();
        var missingShards = Enumerable.Range(1, total).Where(i => !present.Contains(i)).ToList();

        var run = Create(output, store);
        var factory = new EventFactory(run.RunId, time);
        var writer = EventWriter.Open(run.EventsPath);
        await using (writer.ConfigureAwait(false))
        {
            var merge = new ProofMergePayload(
                total,
                first.Shard.GateSetHash,
                shards.Select(s => new MergedShard(s.Shard.Index, s.Run.RunId.Value, s.Gates)).ToList(),
                missingShards);
            await writer.AppendAsync(
                factory.RunStarted(
                    new RunStartedPayload("proof", first.Started.ProjectDir, $"omk proof merge of {shards.Count} of {total} shard(s)")
                    {
                        Commit = first.Started.Commit,
                        Branch = first.Started.Branch,
                        Dirty = first.Started.Dirty,
                        Base = first.Started.Base,
                        OmkVersion = ProofRun.OmkVersion,
                        PlannedGates = planned,
                        GatesOrigin = first.Started.GatesOrigin,
                        GateSelection = missingGates.Count == 0
                            ? null
                            : new GateSelectionPayload($"merge of shards {string.Join(',', present.Order())} of {total}", planned, missingGates),
                        Merge = merge,
                    },
                    "omk"),
                cancellationToken).ConfigureAwait(false);

            foreach (var e in first.Events.Where(e => e.Kind == EventKind.FileChanged))
            {
                await writer.AppendAsync(e with { RunId = run.RunId }, cancellationToken).ConfigureAwait(false);
            }

            foreach (var shard in shards)
            {
                var logs = CopyGateLogs(shard, run);
                foreach (var e in shard.Events.Where(e => GateKinds.Contains(e.Kind)))
                {
                    await writer.AppendAsync(Rebased(e, run.RunId, logs), cancellationToken).ConfigureAwait(false);
                }
            }

            var failures = shards.Where(s => s.FailedReason is not null).Select(s => $"shard {s.Shard.Index}/{total}: {s.FailedReason}").ToList();
            await writer.AppendAsync(
                failures.Count > 0
                    ? factory.RunFailed(string.Join("; ", failures), "omk")
                    : factory.RunCompleted($"{shards.Count} of {total} shard(s) merged, {planned.Count} of {first.Shard.AllGates.Count} gate(s)", "omk"),
                cancellationToken).ConfigureAwait(false);
            var proof = await ProofPublisher.PublishAsync(run, writer, factory, cancellationToken).ConfigureAwait(false);
            return new ProofRunResult(run, proof, Gates.GateSet.Empty(first.Started.GatesOrigin ?? "merged shards"), [], Cancelled: false);
        }
    }

    /// <summary>The partial proofs in shard order, once they agree; otherwise the first disagreement, naming the directories.</summary>
    public static IReadOnlyList<PartialProof> Check(IReadOnlyList<PartialProof> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            throw new ProofMergeException("no partial proof to merge.");
        }

        var ordered = shards.OrderBy(s => s.Shard.Index).ThenBy(s => s.Run.Path, StringComparer.Ordinal).ToList();
        var first = ordered[0];
        var owner = new Dictionary<string, PartialProof>(StringComparer.Ordinal);
        var indexes = new Dictionary<int, PartialProof>();
        foreach (var s in ordered)
        {
            if (s.Shard.Total != first.Shard.Total)
            {
                throw new ProofMergeException($"shard {s.Shard.Index}/{s.Shard.Total} ({s.Run.Path}) is one of {s.Shard.Total}, but shard {first.Shard.Index}/{first.Shard.Total} ({first.Run.Path}) is one of {first.Shard.Total}.");
            }

            if (!string.Equals(s.Started.Commit, first.Started.Commit, StringComparison.Ordinal))
            {
                throw new ProofMergeException($"shard {s.Shard.Index}/{s.Shard.Total} ({s.Run.Path}) ran on commit {s.Started.Commit ?? "(none)"}, but shard {first.Shard.Index}/{first.Shard.Total} ({first.Run.Path}) on {first.Started.Commit ?? "(none)"}: shards of one proof run on one commit.");
            }

            if (!string.Equals(s.Shard.GateSetHash, first.Shard.GateSetHash, StringComparison.Ordinal))
            {
                throw new ProofMergeException($"shard {s.Shard.Index}/{s.Shard.Total} ({s.Run.Path}) ran another gate set ({s.Shard.GateSetHash}) than shard {first.Shard.Index}/{first.Shard.Total} ({first.Run.Path}, {first.Shard.GateSetHash}).");
            }

            if (!indexes.TryAdd(s.Shard.Index, s))
            {
                throw new ProofMergeException($"shard {s.Shard.Index}/{s.Shard.Total} appears twice: {indexes[s.Shard.Index].Run.Path} and {s.Run.Path}.");
            }

            foreach (var gate in s.Gates)
            {
                if (!owner.TryAdd(gate, s))
                {
                    var other = owner[gate];
                    throw new ProofMergeException($"gate '{gate}' ran twice: in shard {other.Shard.Index}/{other.Shard.Total} ({other.Run.Path}) and in shard {s.Shard.Index}/{s.Shard.Total} ({s.Run.Path}); the shards did not share one plan (same gates, same duration history).");
                }
            }
        }

        return ordered;
    }

    private RunDirectory Create(string? output, RunStore store)
    {
        if (output is null)
        {
            return store.Create(time);
        }

        var full = Path.GetFullPath(output);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new ProofMergeException($"-o '{output}' is not empty: the merged proof goes into a new or empty directory.");
        }

        Directory.CreateDirectory(full);
        return new RunDirectory(new RunId(Path.GetFileName(Path.TrimEndingDirectorySeparator(full))), full);
    }

    // The shard's gate logs, copied under gates/shard-I/: the old relative path → the new one.
    private static Dictionary<string, string> CopyGateLogs(PartialProof shard, RunDirectory merged)
    {
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(shard.Run.GatesDirectory))
        {
            return moved;
        }

        var target = Path.Combine(merged.GatesDirectory, $"shard-{shard.Shard.Index}");
        foreach (var file in Directory.EnumerateFiles(shard.Run.GatesDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(shard.Run.GatesDirectory, file);
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            moved["gates/" + relative.Replace('\\', '/')] = Path.GetRelativePath(merged.Path, destination).Replace('\\', '/');
        }

        return moved;
    }

    private static Event Rebased(Event e, RunId runId, Dictionary<string, string> logs)
    {
        if (e.PayloadString("output_path") is not { } path || !logs.TryGetValue(path, out var moved))
        {
            return e with { RunId = runId };
        }

        var payload = JsonNode.Parse(e.Payload!.Value.GetRawText())!.AsObject();
        payload["output_path"] = moved;
        using var rewritten = JsonDocument.Parse(payload.ToJsonString());
        return e with { RunId = runId, Payload = rewritten.RootElement.Clone() };
    }
}
