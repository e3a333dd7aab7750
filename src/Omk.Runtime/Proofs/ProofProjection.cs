using System.Globalization;
using System.Text.Json;
using Omk.Events;
using Omk.Events.Payloads;

namespace Omk.Proofs;

/// <summary>
/// Folds an event log into a <see cref="Proof"/>. Pure: no clock, no file system, same events → same proof.
/// Status rule: <c>failed</c> on a failed required gate or any recorded failure; <c>ready</c> only when at
/// least one required gate exists, all required gates passed and the run finished; else <c>not_ready</c>.
/// </summary>
public static class ProofProjection
{
    public static Proof Fold(IEnumerable<Event> events, EventReadStats? stats = null, string? runId = null)
    {
        var state = new ProofFoldState();
        foreach (var e in events)
        {
            if (e.Kind == EventKind.ProofWritten)
            {
                continue; // a proof never depends on earlier proofs
            }

            if (state.Ended is not null)
            {
                state.Late.Add(e); // the verdict was sealed by the run's end
                continue;
            }

            runId ??= e.RunId.Value;
            if (state.LastTs is null || e.Ts > state.LastTs)
            {
                state.LastTs = e.Ts;
            }

            Apply(state, e);
        }

        return Build(state, stats, runId ?? "unknown");
    }

    private static void Apply(ProofFoldState s, Event e)
    {
        // The payloads every proof run writes are read field by field; anything else by the generated serializer.
        if (e.Kind == EventKind.RunStarted)
        {
            var p = EventPayloadReader.RunStarted(e) ?? e.PayloadAs(EventJsonContext.File.RunStartedPayload);
            s.Started ??= e.Ts;
            s.Commit = p?.Commit ?? s.Commit;
            s.Branch = p?.Branch ?? s.Branch;
            s.Dirty = p?.Dirty ?? s.Dirty;
            s.Base = p?.Base ?? s.Base;
            s.SawRunStarted = true;
            s.Selection = EvidencePayloadCheck.Selection(p?.GateSelection) ?? s.Selection;
            s.GatesOrigin = p?.GatesOrigin ?? s.GatesOrigin;
            s.Shard = p?.Shard ?? s.Shard;
            s.Affected = p?.Affected ?? s.Affected;
            s.Merge = p?.Merge ?? s.Merge;
            foreach (var name in (p?.PlannedGates ?? []).OfType<string>())
            {
                s.Gate(name).Planned = true;
            }
        }
        else if (e.Kind == EventKind.RunCompleted)
        {
            s.Ended = e.Ts;
        }
        else if (e.Kind == EventKind.RunFailed)
        {
            s.Ended = e.Ts;
            s.Failures.Add(new ProofFailure(null, null, e.PayloadString("reason") ?? "run failed", e.Ts));
        }
        else if (e.Kind == EventKind.TaskFailed)
        {
            var error = e.PayloadString("error");
            var description = error is null ? "task failed" : "task failed: " + error;
            s.Failures.Add(new ProofFailure(e.PayloadString("task_id"), e.PayloadString("worker_id") ?? e.Actor, description, e.Ts));
        }
        else if (e.Kind == EventKind.ManualInterrupt)
        {
            s.Interrupted = true;
            s.Failures.Add(new ProofFailure(null, e.Actor, "manual interrupt", e.Ts));
        }
        else if (e.Kind == EventKind.WorkerStalled)
        {
            s.Failures.Add(new ProofFailure(null, e.PayloadString("worker_id") ?? e.Actor, "worker stalled", e.Ts));
        }
        else if (e.Kind == EventKind.RetryScheduled)
        {
            int? attempt = e.Payload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("attempt", out var a) && a.TryGetInt32(out var n) ? n : null;
            s.Retries.Add(new ProofRetry(e.PayloadString("task_id"), attempt, e.PayloadString("reason") ?? "retry") { GateId = e.PayloadString("gate_id") });
        }
        else if (e.Kind == EventKind.FileChanged)
        {
            var path = e.PayloadString("path");
            if (!string.IsNullOrEmpty(path))
            {
                s.Files[path] = new ProofChangedFile(path, e.PayloadString("operation") ?? FileChangedPayload.Modified);
            }
        }
        else if (e.Kind == EventKind.CommandStarted)
        {
            var p = EventPayloadReader.CommandStarted(e) ?? e.PayloadAs(EventJsonContext.File.CommandStartedPayload);
            if (p?.Name is not null)
            {
                var g = s.Gate(p.Name);
                g.Started = true;
                g.Evidence = g.Evidence with { CommandLine = p.CommandLine, TimeoutSecs = p.TimeoutSecs };
            }
        }
        else if (e.Kind == EventKind.CommandFinished)
        {
            var p = EventPayloadReader.CommandFinished(e) ?? e.PayloadAs(EventJsonContext.File.CommandFinishedPayload);
            if (p?.Name is not null)
            {
                var g = s.Gate(p.Name);
                g.Evidence = g.Evidence with
                {
                    CommandLine = p.CommandLine,
                    ExitCode = p.ExitCode,
                    TimedOut = p.TimedOut,
                    StdoutSummary = p.StdoutSummary,
                    StderrSummary = p.StderrSummary,
                    OutputPath = p.OutputPath ?? g.Evidence.OutputPath,
                    DurationMs = p.DurationMs ?? g.Evidence.DurationMs,
                };
                g.Attempts.Add(ProofGateFacts.Attempt(p));
            }
        }
        else if (e.Kind == EventKind.GatePassed || e.Kind == EventKind.GateFailed)
        {
            var p = EventPayloadReader.GateResult(e) ?? e.PayloadAs(EventJsonContext.File.GateResultPayload);
            if (p?.Name is null)
            {
                return; // a payload without a gate name names nothing
            }

            var g = s.Gate(p.Name);
            g.Result = e.Kind;
            g.ResultTs = e.Ts;
            g.Payload = p;
            g.Evidence = g.Evidence with
            {
                CommandLine = p.CommandLine ?? g.Evidence.CommandLine,
                ExitCode = p.ExitCode ?? g.Evidence.ExitCode,
                TimedOut = p.TimedOut || g.Evidence.TimedOut,
                StdoutSummary = p.StdoutSummary ?? g.Evidence.StdoutSummary,
                StderrSummary = p.StderrSummary ?? g.Evidence.StderrSummary,
                OutputPath = p.OutputPath ?? g.Evidence.OutputPath,
                TimeoutSecs = p.TimeoutSecs ?? g.Evidence.TimeoutSecs,
                TimeoutSource = p.TimeoutSource ?? g.Evidence.TimeoutSource,
                DurationMs = p.DurationMs ?? g.Evidence.DurationMs,
                Reason = p.Reason,
                Message = p.Message,
                Values = p.Evidence,
                OutputTail = EvidencePayloadCheck.Names(p.OutputTail),
            };
        }
    }

    private static Proof Build(ProofFoldState s, EventReadStats? stats, string runId)
    {
        var gates = new List<ProofGate>();
        var knownGaps = new List<string>();
        var failures = new List<ProofFailure>(s.Failures);
        var missing = 0;
        foreach (var g in s.GateOrder)
        {
            var p = g.Payload;
            var required = p?.Required ?? true;
            string status;
            if (g.Result is null)
            {
                status = GateStatus.Skipped;
                missing++;
                knownGaps.Add($"gate {g.Name} has no result (the run stopped before it finished)");
                g.Evidence = g.Evidence with { Reason = g.Started ? "started but never finished" : "never ran" };
            }
            else if (p?.Skipped == true)
            {
                status = GateStatus.Skipped;
                if (g.Result == EventKind.GateFailed)
                {
                    knownGaps.Add($"gate {g.Name} skipped: {p.Reason ?? "a dependency failed"}");
                }
            }
            else if (g.Result == EventKind.GatePassed)
            {
                status = GateStatus.Passed;
            }
            else
            {
                status = GateStatus.Failed;
                if (required)
                {
                    knownGaps.Add($"gate {g.Name} failed");
                    failures.Add(new ProofFailure(null, null, $"gate {g.Name} failed", g.ResultTs ?? s.LastTs ?? default));
                }
                else
                {
                    knownGaps.Add($"gate {g.Name} failed ({(p?.AllowFail == true ? "allowed to fail" : "optional")})");
                }
            }

            if (p?.Flaky == true)
            {
                knownGaps.Add(ProofGateFacts.FlakyGap(g.Name, g.Attempts));
            }

            gates.Add(new ProofGate
            {
                Name = g.Name,
                Status = status,
                Required = required,
                AllowFail = p?.AllowFail,
                Kind = p?.GateKind,
                Tags = p?.Tags is { Count: > 0 } tags ? tags : null,
                SourceFile = p?.SourceFile,
                SourceLine = p?.SourceLine,
                Evidence = g.Evidence,
            } with
            {
                Optional = p is { Required: false } && p.AllowFail != true ? true : null,
                Tests = p?.Tests,
                FailedTests = EvidencePayloadCheck.FailedTests(p?.FailedTests),
                Findings = EvidencePayloadCheck.Findings(p?.Findings),
                FindingsTotal = p?.FindingsTotal,
                Flaky = p?.Flaky,
                Attempts = g.Attempts.Count > 1 ? g.Attempts : null,
                InputKey = p?.InputKey,
                ReusedFrom = p?.ReusedFrom,
            });
        }

        // Gates the configuration skipped are not evidence either way.
        var counted = gates.Where(g => g.Required && !(g.Status == GateStatus.Skipped && IsConfigSkip(s, g.Name))).ToList();
        var requiredFailed = gates.Any(g => g.Required && g.Status == GateStatus.Failed);
        var unfinished = s.SawRunStarted && s.Ended is null;
        if (counted.Count == 0)
        {
            knownGaps.Add("no required gate ran: no evidence, so not ready");
            if (gates.Count == 0 && s.GatesOrigin is { } origin)
            {
                knownGaps.Add("no gates: " + (origin.StartsWith("none: ", StringComparison.Ordinal) ? origin["none: ".Length..] : origin));
            }
        }

        if (unfinished)
        {
            knownGaps.Add("the run has not finished (no run_completed or run_failed event)");
        }

        var noCommit = s.SawRunStarted && s.Commit is null;
        if (noCommit)
        {
            knownGaps.Add("no commit recorded (not a git repository, or no commits yet): a run is never ready without one");
        }

        if (RunSeal.Describe(s.Late) is { } late)
        {
            knownGaps.Add(late);
        }

        var newerSchema = stats is { UnsupportedSchemaLines: > 0 };
        if (newerSchema)
        {
            knownGaps.Add(Runs.RunFindings.NewerSchema(stats!));
        }

        if (stats is { NewerSchemaRunFailures: > 0 })
        {
            failures.Add(new ProofFailure(null, null, "a newer Omk recorded that the run failed (run_failed it wrote)", s.LastTs ?? default));
        }

        if (stats is { DamagedLines: > 0 } && stats.DamagedLines > stats.UnsupportedSchemaLines)
        {
            knownGaps.Add($"{stats.DamagedLines - stats.UnsupportedSchemaLines} malformed line(s) skipped");
        }

        if (stats is { UnknownKindLines: > 0 })
        {
            knownGaps.Add($"{stats.UnknownKindLines} line(s) of unknown kind skipped");
        }

        string status2;
        if (s.Interrupted)
        {
            status2 = ProofStatus.Cancelled;
        }
        else if (requiredFailed || failures.Count > 0)
        {
            status2 = ProofStatus.Failed;
        }
        else if (counted.Count > 0 && counted.All(g => g.Status == GateStatus.Passed) && !unfinished && missing == 0 && !noCommit && !newerSchema)
        {
            status2 = s.Selection is { NotSelected.Count: > 0 } ? ProofStatus.Partial : ProofStatus.Ready;
        }
        else
        {
            status2 = ProofStatus.NotReady;
        }

        if (s.Selection is { NotSelected.Count: > 0 } selection)
        {
            knownGaps.Insert(0, ProofGateFacts.PartialGap(selection));
        }

        failures.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var changed = new List<ProofChangedFile>(s.Files.Values);
        changed.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        long? elapsedMs = s.Started is { } start && s.Ended is { } end ? (long)(end - start).TotalMilliseconds : null;
        var summary = ProofGateFacts.Summary(runId, status2, changed.Count, gates, failures.Count, s.Retries.Count, s.Selection);
        return new Proof
        {
            RunId = runId,
            Status = status2,
            Readiness = ProofStatus.ReadinessOf(status2),
            GeneratedAt = s.LastTs ?? DateTimeOffset.UnixEpoch,
            Commit = s.Commit,
            Dirty = s.Dirty,
            Base = s.Base,
            Branch = s.Branch,
            Selection = s.Selection,
            Affected = s.Affected,
            Shard = s.Shard,
            Merge = s.Merge,
            ChangedFiles = changed,
            Gates = gates,
            Failures = failures,
            Retries = s.Retries,
            KnownGaps = knownGaps,
            Summary = summary,
            ElapsedSecs = elapsedMs / 1000,
            ElapsedMs = elapsedMs,
        };
    }

    private static bool IsConfigSkip(ProofFoldState s, string name) =>
        s.Gates.TryGetValue(name, out var g) && g.Result == EventKind.GatePassed && g.Payload?.Skipped == true;
}
