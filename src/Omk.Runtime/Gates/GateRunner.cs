using System.Globalization;
using Omk.Events.Payloads;
using Omk.Processes;
using Omk.Proofs;

namespace Omk.Gates;

/// <summary>
/// Runs a gate set and records each gate as <c>command_started</c> → <c>command_finished</c> →
/// <c>gate_passed | gate_failed</c>, with the full output in <c>gates/NN-&lt;name&gt;.log</c>. Gates run in
/// declaration order, dependencies first; with parallelism above 1 independent gates overlap. The
/// dependents of a gate that did not pass are recorded as skipped, never run.
/// </summary>
public sealed class GateRunner(ProcessRunner processes, Storage.SecretRedactor? redactor = null)
{
    public const string Actor = "gate-runner";

    public async Task<IReadOnlyList<GateOutcome>> RunAsync(GateSet set, GateRunContext context, GateRunOptions options, CancellationToken cancellationToken = default)
    {
        set.Validate();
        var parallelism = Math.Max(1, options.Parallelism);
        var index = set.Gates.Select((g, i) => (g.Name, i + 1)).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal);
        var outcomes = new Dictionary<string, GateOutcome>(StringComparer.Ordinal);
        var pending = set.Gates.ToList();
        var running = new Dictionary<Task<GateOutcome>, GateDefinition>();

        while (pending.Count > 0 || running.Count > 0)
        {
            for (var i = 0; i < pending.Count && running.Count < parallelism;)
            {
                var gate = pending[i];
                if (!gate.DependsOn.All(outcomes.ContainsKey))
                {
                    i++;
                    continue;
                }

                pending.RemoveAt(i);
                var blocker = gate.DependsOn.Select(d => outcomes[d]).FirstOrDefault(o => !Satisfies(o));
                if (cancellationToken.IsCancellationRequested)
                {
                    outcomes[gate.Name] = await RecordSkippedAsync(gate, "the run was cancelled before it started", context).ConfigureAwait(false);
                }
                else if (gate.Skip)
                {
                    outcomes[gate.Name] = await RecordConfigSkipAsync(gate, context).ConfigureAwait(false);
                }
                else if (blocker is not null)
                {
                    var why = blocker.Status == GateStatus.Failed ? "failed" : "did not run";
                    outcomes[gate.Name] = await RecordSkippedAsync(gate, $"dependency '{blocker.Gate.Name}' {why}", context).ConfigureAwait(false);
                }
                else
                {
                    running[RunOneAsync(gate, index[gate.Name], context, options, cancellationToken)] = gate;
                }

                i = 0; // an outcome may have unblocked an earlier gate: rescan in declaration order
            }

            if (running.Count == 0)
            {
                continue;
            }

            var finished = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            running.Remove(finished);
            var outcome = await finished.ConfigureAwait(false);
            outcomes[outcome.Gate.Name] = outcome;
        }

        return set.Gates.Select(g => outcomes[g.Name]).ToList();
    }

    // A dependency is satisfied when it passed, or when configuration skipped it on purpose.
    private static bool Satisfies(GateOutcome o) => o.Passed || (o.Status == GateStatus.Skipped && o.Gate.Skip);

    private async Task<GateOutcome> RunOneAsync(GateDefinition gate, int index, GateRunContext context, GateRunOptions options, CancellationToken cancellationToken)
    {
        var command = gate.Command!;
        var timeout = gate.Timeout ?? options.DefaultTimeout;
        var timeoutSecs = (long)Math.Ceiling(timeout.TotalSeconds);
        var logRelative = Runs.RunDirectory.GateLogRelativePath(index, gate.Name);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OMK_RUN_ID"] = context.Run.RunId.Value,
            ["OMK_RUN_DIR"] = context.Run.Path,
            ["OMK_REPO_ROOT"] = context.RepoRoot,
            ["OMK_GATE"] = gate.Name,
        };
        foreach (var (key, value) in gate.Environment)
        {
            environment[key] = value;
        }

        var workingDirectory = gate.WorkingDirectory is null
            ? context.RepoRoot
            : Path.GetFullPath(Path.Combine(context.RepoRoot, gate.WorkingDirectory));

        await context.Events.AppendAsync(
            context.Factory.CommandStarted(new CommandStartedPayload(gate.Name, gate.Name, command.CommandLine, timeoutSecs), Actor),
            CancellationToken.None).ConfigureAwait(false);

        var result = await processes.RunAsync(
            new ProcessSpec(command, workingDirectory)
            {
                Environment = environment,
                Timeout = timeout,
                LogPath = context.Run.GateLogPath(index, gate.Name),
                Redact = redactor is null ? null : redactor.Redact,
            },
            cancellationToken).ConfigureAwait(false);

        var durationMs = (long)result.Duration.TotalMilliseconds;
        await context.Events.AppendAsync(
            context.Factory.CommandFinished(
                new CommandFinishedPayload(gate.Name, gate.Name, command.CommandLine, result.ExitCode, result.TimedOut, result.StdoutSummary, result.StderrSummary, logRelative, durationMs),
                Actor),
            CancellationToken.None).ConfigureAwait(false);

        var passed = result.ExitCode == 0 && !result.TimedOut && !result.Cancelled;
        var reason = passed ? null : FailureReason(result, timeout);
        var payload = Payload(gate) with
        {
            CommandLine = command.CommandLine,
            ExitCode = result.ExitCode,
            TimedOut = result.TimedOut,
            StdoutSummary = NullIfEmpty(result.StdoutSummary),
            StderrSummary = NullIfEmpty(result.StderrSummary),
            OutputPath = logRelative,
            TimeoutSecs = timeoutSecs,
            DurationMs = durationMs,
            Reason = reason,
        };
        var @event = passed ? context.Factory.GatePassed(payload, Actor) : context.Factory.GateFailed(payload, Actor);
        await context.Events.AppendAsync(@event, CancellationToken.None).ConfigureAwait(false);
        return new GateOutcome(gate, passed ? GateStatus.Passed : GateStatus.Failed, reason, result);
    }

    private static async Task<GateOutcome> RecordConfigSkipAsync(GateDefinition gate, GateRunContext context)
    {
        const string reason = "skipped by configuration";
        var payload = Payload(gate) with { CommandLine = gate.Command?.CommandLine, Skipped = true, Reason = reason };
        await context.Events.AppendAsync(context.Factory.GatePassed(payload, Actor), CancellationToken.None).ConfigureAwait(false);
        return new GateOutcome(gate, GateStatus.Skipped, reason, null);
    }

    private static async Task<GateOutcome> RecordSkippedAsync(GateDefinition gate, string reason, GateRunContext context)
    {
        var payload = Payload(gate) with { CommandLine = gate.Command?.CommandLine, Skipped = true, Reason = reason };
        await context.Events.AppendAsync(context.Factory.GateFailed(payload, Actor), CancellationToken.None).ConfigureAwait(false);
        return new GateOutcome(gate, GateStatus.Skipped, reason, null);
    }

    private static GateResultPayload Payload(GateDefinition gate) => new(gate.Name, gate.Name, gate.IsRequired)
    {
        AllowFail = gate.AllowFail ? true : null,
        Tags = gate.Tags.Count > 0 ? gate.Tags : null,
        GateKind = gate.Kind,
        SourceFile = gate.Source?.File,
        SourceLine = gate.Source?.Line,
    };

    private static string FailureReason(ProcessResult result, TimeSpan timeout)
    {
        if (result.StartError is { } start)
        {
            return "could not start: " + start;
        }

        if (result.TimedOut)
        {
            return $"timed out after {FormatSpan(timeout)}; process tree killed";
        }

        if (result.Cancelled)
        {
            return "cancelled; process tree killed";
        }

        return "exit code " + result.ExitCode?.ToString(CultureInfo.InvariantCulture);
    }

    private static string FormatSpan(TimeSpan t) => t.TotalSeconds < 120
        ? t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
        : t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

}
