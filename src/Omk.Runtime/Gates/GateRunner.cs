using System.Globalization;
using Omk.Events.Payloads;
using Omk.Processes;
using Omk.Proofs;

namespace Omk.Gates;

/// <summary>
/// Runs a gate set and records each gate as <c>command_started</c> → <c>command_finished</c> →
/// <c>gate_passed | gate_failed</c>, with the full output in <c>gates/NN-&lt;name&gt;.log</c>. Gates run in
/// declaration order, dependencies first; with parallelism above 1 independent gates overlap. The
/// dependents of a gate that did not pass are recorded as skipped, never run. With <see cref="GateRunContext.Reuse"/>,
/// each gate is keyed by its inputs, a gate whose key has a passed result in the cache is recorded as reused (its
/// original evidence and log, <c>reused_from</c>) instead of run, and the gates that pass are stored for later runs.
/// </summary>
public sealed partial class GateRunner(ProcessRunner processes, Storage.SecretRedactor? redactor = null, ICodeGateLauncher? codeGates = null)
{
    public const string Actor = "gate-runner";

    public async Task<IReadOnlyList<GateOutcome>> RunAsync(GateSet set, GateRunContext context, GateRunOptions options, CancellationToken cancellationToken = default)
    {
        set.Validate();
        var parallelism = Math.Max(1, options.Parallelism);
        var index = new Dictionary<string, int>(set.Gates.Count, StringComparer.Ordinal);
        foreach (var gate in set.Gates)
        {
            index[gate.Name] = index.Count + 1;
        }

        var outcomes = new Dictionary<string, GateOutcome>(StringComparer.Ordinal);
        var pending = set.Gates.ToList();
        var running = new Dictionary<Task<GateOutcome>, GateDefinition>();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var reusable = new Dictionary<string, GateCache.CachedGateResult>(StringComparer.Ordinal);
        if (context.Reuse is { } reuse)
        {
            try
            {
                foreach (var gate in set.Gates.Where(g => !g.Skip))
                {
                    keys[gate.Name] = await reuse.KeyAsync(gate, context, cancellationToken).ConfigureAwait(false);
                }

                reusable = GateCache.GateReuse.Plan(set, keys, reuse);
            }
            catch (OperationCanceledException)
            {
                keys.Clear(); // cancelled while probing tool versions: the loop records every gate as not run
            }
        }

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
                    running[RunOneAsync(gate, index[gate.Name], context, options, keys.GetValueOrDefault(gate.Name), reusable.GetValueOrDefault(gate.Name), cancellationToken)] = gate;
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

        var ordered = set.Gates.Select(g => outcomes[g.Name]).ToList();
        await StoreAsync(ordered, keys, context, cancellationToken).ConfigureAwait(false);
        context.Reuse?.PruneIfDue(DateTimeOffset.UtcNow);
        return ordered;
    }

    // A reused gate is recorded without an async method of its own when the log takes the event at once; else the gate runs.
    private Task<GateOutcome> RunOneAsync(
        GateDefinition gate, int index, GateRunContext context, GateRunOptions options, string? key, GateCache.CachedGateResult? reusable, CancellationToken cancellationToken)
    {
        if (reusable is null)
        {
            return RunAttemptsAsync(gate, index, context, options, key, null, cancellationToken);
        }

        var recorded = RecordReused(gate, index, key!, reusable, context, options);
        return recorded.IsCompletedSuccessfully && recorded.Result is { } reused
            ? Task.FromResult(reused)
            : RunAttemptsAsync(gate, index, context, options, key, recorded.IsCompletedSuccessfully ? null : recorded, cancellationToken);
    }

    // Runs the gate up to 1 + retries times on the same tree; each attempt has its own log and evidence.
    private async Task<GateOutcome> RunAttemptsAsync(
        GateDefinition gate, int index, GateRunContext context, GateRunOptions options, string? key, Task<GateOutcome?>? recording, CancellationToken cancellationToken)
    {
        if (recording is not null && await recording.ConfigureAwait(false) is { } reused)
        {
            return reused;
        }

        var attempts = 1 + Math.Max(0, gate.Retries ?? options.Retries);
        for (var attempt = 1; ; attempt++)
        {
            var (outcome, payload) = await RunAttemptAsync(gate, index, attempt, context, options, cancellationToken).ConfigureAwait(false);
            var last = outcome.Passed || attempt >= attempts || cancellationToken.IsCancellationRequested || outcome.Process is null || outcome.Process.Cancelled;
            if (!last)
            {
                var retry = new RetryScheduledPayload(null, $"gate {gate.Name} failed on attempt {attempt}: {outcome.Reason}", attempt + 1) { GateId = gate.Name };
                await context.Events.AppendAsync(context.Factory.RetryScheduled(retry, Actor), CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            payload = payload with { Attempts = attempt > 1 ? attempt : null, Flaky = outcome.Passed && attempt > 1 ? true : null, InputKey = key };
            var @event = outcome.Passed ? context.Factory.GatePassed(payload, Actor) : context.Factory.GateFailed(payload, Actor);
            await context.Events.AppendAsync(@event, CancellationToken.None).ConfigureAwait(false);
            return outcome with { Result = payload };
        }
    }

    private async Task<(GateOutcome Outcome, GateResultPayload Payload)> RunAttemptAsync(
        GateDefinition gate, int index, int attempt, GateRunContext context, GateRunOptions options, CancellationToken cancellationToken)
    {
        var timeout = gate.Timeout ?? options.DefaultTimeout;
        var timeoutSource = gate.Timeout is null ? options.DefaultTimeoutOrigin : "gate" + (gate.Source is null ? string.Empty : $" ({gate.Source.File}:{gate.Source.Line})");
        var timeoutSecs = (long)Math.Ceiling(timeout.TotalSeconds);
        var logRelative = Runs.RunDirectory.GateLogRelativePath(index, gate.Name, attempt);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["OMK_RUN_ID"] = context.Run.RunId.Value,
            ["OMK_RUN_DIR"] = context.Run.Path,
            ["OMK_REPO_ROOT"] = context.RepoRoot,
            ["OMK_GATE"] = gate.Name,
            ["OMK_GATE_ATTEMPT"] = attempt.ToString(CultureInfo.InvariantCulture),

            // Which front door started this omk is its own fact: an omk that a gate starts is a plain one.
            ["OMK_HOST"] = null,
        };
        foreach (var (key, value) in gate.Environment)
        {
            environment[key] = value;
        }

        var workingDirectory = gate.WorkingDirectory is null
            ? context.RepoRoot
            : Path.GetFullPath(Path.Combine(context.RepoRoot, gate.WorkingDirectory));

        var collector = new Evidence.GateEvidenceCollector(context.RepoRoot, workingDirectory, gate.ResultFiles, gate.AllowNoTests, redactor is null ? null : redactor.Redact);
        var (command, resultFile, launchError) = PrepareCommand(gate, index, context);
        if (command is not null && gate.Command is not null)
        {
            command = collector.Prepare(command, Path.ChangeExtension(context.Run.GateLogPath(index, gate.Name, attempt), ".results"));
        }

        var commandLine = command is not null && gate.Command is not null ? command.CommandLine : gate.CommandLine;
        int? attemptField = attempt > 1 ? attempt : null;
        await context.Events.AppendAsync(
            context.Factory.CommandStarted(new CommandStartedPayload(gate.Name, gate.Name, commandLine, timeoutSecs) { Attempt = attemptField }, Actor),
            CancellationToken.None).ConfigureAwait(false);
        if (command is null)
        {
            var failure = Payload(gate) with { CommandLine = commandLine, Reason = launchError, TimeoutSecs = timeoutSecs, TimeoutSource = timeoutSource };
            return (new GateOutcome(gate, GateStatus.Failed, launchError, null), failure);
        }

        var started = DateTime.UtcNow;
        var result = await processes.RunAsync(
            new ProcessSpec(command, workingDirectory)
            {
                Environment = environment,
                Timeout = timeout,
                LogPath = context.Run.GateLogPath(index, gate.Name, attempt),
                Redact = redactor is null ? null : redactor.Redact,
                MayNeedRedaction = redactor is null ? null : redactor.MayNeedRedaction,
                OnOutput = collector.OnOutput,
            },
            cancellationToken).ConfigureAwait(false);
        var evidence = collector.Finish(started);

        var durationMs = (long)result.Duration.TotalMilliseconds;
        await context.Events.AppendAsync(
            context.Factory.CommandFinished(
                new CommandFinishedPayload(gate.Name, gate.Name, commandLine, result.ExitCode, result.TimedOut, result.StdoutSummary, result.StderrSummary, logRelative, durationMs)
                {
                    Attempt = attemptField,
                    Tests = evidence.Tests?.Counts,
                    FailedTestNames = evidence.Tests is { FailedTests.Count: > 0 } t ? t.FailedTests.Select(f => f.Name).ToList() : null,
                },
                Actor),
            CancellationToken.None).ConfigureAwait(false);

        var passed = result.ExitCode == 0 && !result.TimedOut && !result.Cancelled;
        var reason = passed ? null : FailureReason(result, timeout);
        string? message = null;
        IReadOnlyDictionary<string, string>? values = null;
        if (resultFile is not null)
        {
            (passed, reason, message, values) = CodeGateVerdict(resultFile, result, passed, reason);
        }

        if (result.LeftoverProcessesKilled > 0)
        {
            // The gate's own verdict stands; that it left processes running (now killed) is part of its evidence.
            values = new Dictionary<string, string>(values ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                ["leftover_processes_killed"] = result.LeftoverProcessesKilled.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        (passed, reason) = Evidence.GateEvidenceVerdict.Apply(evidence, passed, reason);
        var payload = Evidence.GateEvidenceVerdict.Attach(evidence, Payload(gate), passed) with
        {
            CommandLine = commandLine,
            Message = message,
            Evidence = Evidence.GateEvidenceVerdict.Values(evidence, values),
            ExitCode = result.ExitCode,
            TimedOut = result.TimedOut,
            StdoutSummary = NullIfEmpty(result.StdoutSummary),
            StderrSummary = NullIfEmpty(result.StderrSummary),
            OutputPath = logRelative,
            TimeoutSecs = timeoutSecs,
            TimeoutSource = timeoutSource,
            DurationMs = durationMs,
            Reason = reason,
        };
        return (new GateOutcome(gate, passed ? GateStatus.Passed : GateStatus.Failed, reason, result), payload);
    }

    // A command gate runs its command; a code gate runs the omk host in a child process, so that a hang can be
    // killed at the timeout and console output lands in the gate's log.
    private (ProcessCommand? Command, string? ResultFile, string? Error) PrepareCommand(GateDefinition gate, int index, GateRunContext context)
    {
        if (gate.Command is { } command)
        {
            return (command, null, null);
        }

        if (codeGates is null)
        {
            return (null, null, "code gates need the omk host to run, and none was given");
        }

        var code = gate.Code!;
        var directory = Path.Combine(context.Run.StateDirectory, "code-gates");
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, Path.GetFileNameWithoutExtension(Runs.RunDirectory.GateLogRelativePath(index, gate.Name)));
        var invocation = new Scripts.CodeGateInvocation(
            code.AssemblyPath, code.Scripts, code.GateName, context.RepoRoot, context.Run.RunId.Value, context.ChangedFiles, context.BaseRef);
        Storage.AtomicFile.WriteAllText(stem + ".invocation.json", System.Text.Json.JsonSerializer.Serialize(invocation, Scripts.CodeGateJsonContext.Default.CodeGateInvocation));
        var resultFile = stem + ".result.json";
        File.Delete(resultFile);
        return (codeGates.CommandFor(stem + ".invocation.json", resultFile), resultFile, null);
    }

    private static (bool Passed, string? Reason, string? Message, IReadOnlyDictionary<string, string>? Evidence) CodeGateVerdict(
        string resultFile, ProcessResult result, bool processPassed, string? processReason)
    {
        Scripts.CodeGateOutcome? outcome = null;
        try
        {
            outcome = File.Exists(resultFile)
                ? System.Text.Json.JsonSerializer.Deserialize(File.ReadAllText(resultFile), Scripts.CodeGateJsonContext.Default.CodeGateOutcome)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        if (outcome is null || result.TimedOut || result.Cancelled)
        {
            var why = result.TimedOut || result.Cancelled
                ? processReason
                : $"the code gate process ended (exit code {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}) without a result" +
                  (string.IsNullOrEmpty(result.StderrSummary) ? string.Empty : ": " + result.StderrSummary.Split('\n')[0]);
            return (false, why, null, null);
        }

        var evidence = outcome.Evidence.Count == 0 ? null : outcome.Evidence
            .GroupBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        if (outcome.Error is { } error)
        {
            return (false, "threw " + error, outcome.Message, evidence);
        }

        var passed = outcome.Passed && processPassed;
        return (passed, passed ? null : outcome.Message ?? processReason ?? "failed", outcome.Message, evidence);
    }

    private static async Task<GateOutcome> RecordConfigSkipAsync(GateDefinition gate, GateRunContext context)
    {
        var reason = gate.SkipReason ?? "skipped by configuration";
        var payload = Payload(gate) with { CommandLine = gate.CommandLine, Skipped = true, Reason = reason };
        await context.Events.AppendAsync(context.Factory.GatePassed(payload, Actor), CancellationToken.None).ConfigureAwait(false);
        return new GateOutcome(gate, GateStatus.Skipped, reason, null);
    }

    private static async Task<GateOutcome> RecordSkippedAsync(GateDefinition gate, string reason, GateRunContext context)
    {
        var payload = Payload(gate) with { CommandLine = gate.CommandLine, Skipped = true, Reason = reason };
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
