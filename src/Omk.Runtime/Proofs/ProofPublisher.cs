using System.Text.Json;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Runs;
using Omk.Storage;

namespace Omk.Proofs;

/// <summary>
/// Writes a run's proof: fsyncs the log, folds what is on disk into <c>proof.json</c> and <c>proof.md</c>
/// (atomically; not fsynced, since they are projections that <c>omk proof show --regenerate</c> rebuilds from
/// the log), then appends <c>proof_written</c> (made durable when the writer is disposed).
/// </summary>
public static class ProofPublisher
{
    public static Task<Proof> PublishAsync(RunDirectory run, EventWriter writer, EventFactory events, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(Publish(run, writer, events, cancellationToken));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Task.FromException<Proof>(ex);
        }
    }

    /// <summary>
    /// <see cref="PublishAsync"/> for synchronous code. Nothing in it waits but the files: the writer's checkpoint and flush
    /// write on the caller's thread (EventWriter), so a proof run calls this and JIT-compiles no state machine for it.
    /// </summary>
    public static Proof Publish(RunDirectory run, EventWriter writer, EventFactory events, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        writer.Checkpoint();
        var proof = Project(run);
        Write(run, proof);
        writer.Append(events.ProofWritten(new ProofWrittenPayload("proof.json", proof.Status), "omk"));
        cancellationToken.ThrowIfCancellationRequested();
        writer.Flush();
        return proof;
    }

    /// <summary>The proof of a run as its log stands now, with the digests of the log as folded and of each gate log.</summary>
    public static Proof Project(RunDirectory run)
    {
        var (sha, bytes) = File.Exists(run.EventsPath) ? ProofDigests.Hash(run.EventsPath) : (ProofDigests.EmptySha256, 0L);
        var stats = new EventReadStats();
        var proof = ProofProjection.Fold(EventReader.Read(run.EventsPath, stats), stats, run.RunId.Value);
        return proof with { Integrity = ProofDigests.Compute(run, proof, sha, bytes) };
    }

    public static void Write(RunDirectory run, Proof proof)
    {
        AtomicFile.WriteAllText(run.ProofJsonPath, ToJson(proof), durable: false);
        AtomicFile.WriteAllText(run.ProofMarkdownPath, ProofMarkdown.Render(proof), durable: false);
    }

    public static string ToJson(Proof proof) => (ProofJsonWriter.Write(proof) ?? JsonSerializer.Serialize(proof, ProofJsonContext.File.Proof)) + "\n";
}
