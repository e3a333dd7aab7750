using System.Buffers;
using System.Runtime.InteropServices;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.GateCache;
using Omk.Storage;

namespace Omk.Proofs;

/// <summary>
/// Prepares the code every proof run needs, on another thread, while the command line is read and git runs: a
/// synthetic run (its start, a changed file, a gate run and a gate reused, its end) goes, in memory only, through the
/// hand-written payload writers, a gate cache entry and its digest, redaction, event lines written and parsed back, the fold, proof.json and proof.md.
/// A short-lived process otherwise prepares that code on the run's critical path, one step after the other. Nothing
/// touches the disk; a failure here changes nothing but the timing.
/// </summary>
public static partial class ProofRunWarmUp
{
    /// <summary>
    /// Starts the warm-up on a thread of its own at the lowest scheduling priority (Linux: nice 19 for that thread only),
    /// so that it takes only a core the run and its git processes leave idle; the task never faults.
    /// </summary>
    public static Task Start()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() => Run(done)) { IsBackground = true, Name = "omk proof warm-up" }.Start();
        return done.Task;
    }

    private static void Run(TaskCompletionSource done)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // A thread's nice value cannot be lowered back without privileges: this thread ends with the warm-up.
                _ = SetPriority(ProcessPriority, 0, 19);
            }

            _ = Warm();
        }
#pragma warning disable CA1031 // Timing only: whatever goes wrong here, the real run does it again and reports it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        done.SetResult();
    }

    /// <summary>The synthetic run, folded as a proof run folds its log (for tests: that the warm-up takes the real path).</summary>
    internal static Proof Warm()
    {
        var factory = new EventFactory(RunId.Generate(TimeProvider.System), TimeProvider.System);
        var run = factory.RunStarted(
            new RunStartedPayload("proof", "/warm", "warm-up")
            {
                Commit = "0123456789abcdef0123456789abcdef01234567",
                Branch = "main",
                Dirty = true,
                OmkVersion = ProofRun.OmkVersion,
                PlannedGates = ["warm", "reused"],
                Tree = "0123456789abcdef0123456789abcdef01234567",
            },
            "omk");
        var gate = new GateResultPayload("gate-1", "warm", true, "true", 0, false, "", "", "gates/01-warm.log", 60, 1) { InputKey = "key" };
        Event[] events =
        [
            run,
            factory.FileChanged(new FileChangedPayload("warm.txt", FileChangedPayload.Modified), "git"),
            factory.CommandStarted(new CommandStartedPayload("gate-1", "warm", "true", 60), "omk"),
            factory.CommandFinished(new CommandFinishedPayload("gate-1", "warm", "true", 0, false, "", "", "gates/01-warm.log", 1), "omk"),
            factory.GatePassed(gate, "omk"),
            factory.GatePassed(gate with { GateId = "gate-2", Name = "reused", ReusedFrom = new GateReuseSource("run-0", "reused") }, "omk"),
            factory.RunCompleted("2 of 2 gate(s) ran", "omk"),
        ];

        // A reused gate: its cache entry written and read back, its key's parts and its log's digest.
        var entry = CachedGateResultJson.Write(new CachedGateResult("key", "run-0", "reused", DateTimeOffset.UnixEpoch, gate, null, null));
        _ = CachedGateResultJson.TryRead(entry);
        _ = ManagedSha256.HashHex(entry);
        _ = GateInputKey.OmkBuild;

        var redactor = SecretRedactor.FromEnvironment();
        var lines = new ArrayBufferWriter<byte>();
        var parsed = new List<Event>();
        foreach (var e in events)
        {
            lines.Clear();
            EventLine.Write(e, lines, redactor);
            if (EventLine.TryParse(lines.WrittenSpan, out var back) == LineStatus.Event && back is not null)
            {
                parsed.Add(back);
            }
        }

        var proof = ProofProjection.Fold(parsed, new EventReadStats(), factory.RunId.Value);
        _ = ProofPublisher.ToJson(proof);
        _ = ProofMarkdown.Render(proof);
        return proof;
    }

    private const int ProcessPriority = 0; // PRIO_PROCESS; with who = 0, Linux applies it to the calling thread alone

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, uint who, int priority);
}
