using Omk.GateCache;
using Omk.Proofs;

namespace Omk.Gates;

/// <summary>The gate runner's reuse of passed results by input key (see <see cref="GateReuse"/>).</summary>
public sealed partial class GateRunner
{
    // Gates that ran and passed at the first attempt are stored under their keys, unless the gates changed the work tree
    // they were keyed by (then what they saw is not what the key says).
    // Not an async method when there is nothing to store (every gate reused): no state machine to compile for that run.
    private static Task StoreAsync(IReadOnlyList<GateOutcome> outcomes, Dictionary<string, string> keys, GateRunContext context, CancellationToken cancellationToken)
    {
        var fresh = outcomes
            .Where(o => o.Passed && o.Process is not null && o.ReusedFrom is null && o.Gate.Reuse && o.Result is { Flaky: not true, Skipped: not true } && keys.ContainsKey(o.Gate.Name))
            .ToList();
        return context.Reuse is not { } reuse || fresh.Count == 0 || cancellationToken.IsCancellationRequested
            ? Task.CompletedTask
            : StoreFreshAsync(fresh, reuse, keys, context, cancellationToken);
    }

    private static async Task StoreFreshAsync(List<GateOutcome> fresh, GateReuse reuse, Dictionary<string, string> keys, GateRunContext context, CancellationToken cancellationToken)
    {
        if (!await reuse.TreeUnchangedAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var outcome in fresh)
        {
            var log = outcome.Result!.OutputPath is { } relative ? context.Run.Resolve(relative) : null;
            reuse.Cache.Store(keys[outcome.Gate.Name], context.Run.RunId.Value, outcome.Gate.Name, outcome.Result, log, DateTimeOffset.UtcNow);
        }
    }

    // A dependency is satisfied when it passed, or when configuration skipped it on purpose.
    private static bool Satisfies(GateOutcome o) => o.Passed || (o.Status == GateStatus.Skipped && o.Gate.Skip);

    // A passed result with the same input key stands for this run: its evidence as recorded, its log copied into this run
    // (checked against its SHA-256). Not when it took longer than this run's timeout allows, or its log does not check out.
    // Not an async method: the log takes the event at once (EventWriter), so a reusing run compiles no state machine here.
    private static Task<GateOutcome?> RecordReused(
        GateDefinition gate, int index, string key, CachedGateResult hit, GateRunContext context, GateRunOptions options)
    {
        var timeout = gate.Timeout ?? options.DefaultTimeout;
        if (hit.Result.DurationMs is { } ms && ms > timeout.TotalMilliseconds)
        {
            return Task.FromResult<GateOutcome?>(null);
        }

        var logRelative = hit.LogSha256 is null ? null : Runs.RunDirectory.GateLogRelativePath(index, gate.Name);
        if (logRelative is not null && !context.Reuse!.Cache.RestoreLog(hit, context.Run.GateLogPath(index, gate.Name)))
        {
            return Task.FromResult<GateOutcome?>(null);
        }

        var declared = Payload(gate);
        var payload = hit.Result with
        {
            GateId = declared.GateId,
            Name = declared.Name,
            Required = declared.Required,
            AllowFail = declared.AllowFail,
            Tags = declared.Tags,
            GateKind = declared.GateKind,
            SourceFile = declared.SourceFile,
            SourceLine = declared.SourceLine,
            OutputPath = logRelative,
            Attempts = null,
            Flaky = null,
            InputKey = key,
            ReusedFrom = new Events.Payloads.GateReuseSource(hit.Run, hit.Gate),
        };
        var outcome = new GateOutcome(gate, GateStatus.Passed, null, null) { Result = payload };
        var appended = context.Events.AppendAsync(context.Factory.GatePassed(payload, Actor), CancellationToken.None);
        if (!appended.IsCompletedSuccessfully)
        {
            return AfterAsync(appended, outcome);
        }

        appended.GetAwaiter().GetResult();
        return Task.FromResult<GateOutcome?>(outcome);

        static async Task<GateOutcome?> AfterAsync(ValueTask appended, GateOutcome outcome)
        {
            await appended.ConfigureAwait(false);
            return outcome;
        }
    }
}
