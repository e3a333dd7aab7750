using System.Text;
using Omk.Agents;
using Omk.Budgets;
using Omk.Events;
using Omk.Events.Payloads;
using Omk.Testing;

namespace Omk.Tests.Budgets;

public sealed class BudgetLedgerFoldTests
{
    [Fact]
    public async Task Limits_tokens_and_cost_come_from_the_log_the_writer_and_recorder_wrote()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        var first = new TokenUsage(10_000, 1_000, CacheRead: 4_000);
        var second = new TokenUsage(5_000, 500);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync(secs: 1800, tokens: 50_000, usd: 1.25m);
            await log.TurnAsync(first, second);
            await log.KindAsync(EventKind.RunCompleted, "done");
        }

        var ledger = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);

        Assert.Equal(new BudgetLimits(TimeSpan.FromMinutes(30), 50_000, 1.25m), ledger.Limits);
        Assert.Equal(20_500, ledger.Used.Tokens);
        Assert.Equal(decimal.Round(first.Cost(TokenPrice.Default), 6) + decimal.Round(second.Cost(TokenPrice.Default), 6), ledger.Used.Usd);
        Assert.Equal(TimeSpan.FromSeconds(30), ledger.Used.Elapsed);
        Assert.Equal(1, ledger.Turns);
        Assert.Equal(0, ledger.DamagedLines);
        Assert.Equal(new BudgetRemaining(TimeSpan.FromSeconds(1770), 29_500, 1.25m - ledger.Used.Usd), ledger.Remaining);
    }

    [Fact]
    public async Task A_log_without_budget_fields_is_unlimited_and_a_missing_log_is_empty()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync();
            await log.TurnAsync(new TokenUsage(100, 10));
        }

        var ledger = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
        Assert.True(ledger.Limits.IsUnlimited);
        Assert.Equal(new BudgetRemaining(null, null, null), ledger.Remaining);
        Assert.True(ledger.CanAfford(new BudgetUsage(TimeSpan.FromDays(1), long.MaxValue / 2, 1_000_000m)).Allowed);

        var empty = await BudgetLedgerFold.FoldAsync(dir.Combine("missing.jsonl"), CancellationToken.None);
        Assert.Equal(BudgetUsage.Zero, empty.Used);
        Assert.True(empty.Limits.IsUnlimited);
    }

    [Fact]
    public async Task Extensions_add_to_the_limits_and_a_new_value_replaces_them()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync(secs: 600, tokens: 1_000, usd: 0.10m);
            await log.AppendAsync(log.Factory.GoalBudgetExtended(new GoalBudgetExtendedPayload(
                PreviousBudgetTokens: 1_000, AddedBudgetTokens: 5_000, AddedBudgetSecs: 300)));
            await log.AppendAsync(log.Factory.GoalBudgetExtended(new GoalBudgetExtendedPayload(
                AddedBudgetTokens: 4_000, PreviousBudgetUsd: 0.10m, AddedBudgetUsd: 0.40m, NewBudgetUsd: 0.50m)));
        }

        var ledger = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);

        Assert.Equal(new BudgetLimits(TimeSpan.FromSeconds(900), 10_000, 0.50m), ledger.Limits);
    }

    [Fact]
    public async Task Adding_to_an_unlimited_dimension_leaves_it_unlimited()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync(tokens: 1_000);
            await log.AppendAsync(log.Factory.GoalBudgetExtended(new GoalBudgetExtendedPayload(AddedBudgetSecs: 60, AddedBudgetUsd: 1m)));
        }

        var ledger = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);

        Assert.Equal(new BudgetLimits(null, 1_000, null), ledger.Limits);
    }

    [Fact]
    public async Task Time_paused_or_waiting_for_budget_is_not_counted()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync(secs: 3600);
            log.Advance(TimeSpan.FromSeconds(40));
            await log.KindAsync(EventKind.GoalPaused, "paused by user");       // 40 s active
            log.Advance(TimeSpan.FromHours(5));
            await log.KindAsync(EventKind.GoalResumed, "resumed");
            log.Advance(TimeSpan.FromSeconds(25));
            await log.KindAsync(EventKind.GoalBudgetExhausted, "tokens");     // 25 s active
            log.Advance(TimeSpan.FromDays(2));
            await log.AppendAsync(log.Factory.GoalBudgetExtended(new GoalBudgetExtendedPayload(AddedBudgetSecs: 60)));
            log.Advance(TimeSpan.FromMinutes(3));
            await log.KindAsync(EventKind.GoalResumed, "resumed");
            log.Advance(TimeSpan.FromSeconds(15));
            await log.KindAsync(EventKind.RunCompleted, "ready");               // 15 s active
            log.Advance(TimeSpan.FromMinutes(10));
            await log.AppendAsync(log.Factory.ProofWritten(new ProofWrittenPayload("proof.json", "ready")));
        }

        var ledger = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(80), ledger.Used.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(3660), ledger.Limits.Time);
    }

    [Fact]
    public async Task A_crashed_run_counts_up_to_its_last_event_and_a_live_run_up_to_now()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        DateTimeOffset lastEvent;
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync(secs: 3600);
            log.Advance(TimeSpan.FromSeconds(100));
            await log.KindAsync(EventKind.TaskOutput, "working");              // killed after this: 100 s active
            log.Advance(TimeSpan.FromHours(1));
            await log.KindAsync(EventKind.GoalResumed, "resumed after a crash");
            log.Advance(TimeSpan.FromSeconds(20));
            await log.KindAsync(EventKind.TaskOutput, "working again");        // still running: 20 s so far
            lastEvent = log.Clock.GetUtcNow();
        }

        var afterTheFact = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(120), afterTheFact.Used.Elapsed);

        var live = await BudgetLedgerFold.FoldAsync(path, new BudgetFoldOptions { Now = lastEvent.AddSeconds(7) }, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(127), live.Used.Elapsed);
    }

    [Fact]
    public async Task A_malformed_line_is_skipped_and_counted_and_the_rest_still_counts()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync(tokens: 100_000);
            await log.TurnAsync(new TokenUsage(1_000, 100));
        }

        File.AppendAllText(path, "{\"id\": \"half a line from a crashed wri\n", Encoding.UTF8);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.TurnAsync(new TokenUsage(2_000, 200));
        }

        File.AppendAllText(path, "{\"id\":\"torn", Encoding.UTF8);

        var ledger = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);

        Assert.Equal(3_300, ledger.Used.Tokens);
        Assert.Equal(2, ledger.Turns);
        Assert.Equal(2, ledger.DamagedLines);
        Assert.Equal(100_000, ledger.Limits.Tokens);
    }

    [Fact]
    public async Task Task_logs_beside_the_run_count_once_and_team_outcomes_are_not_counted_again()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        Directory.CreateDirectory(dir.Combine("tasks/a"));
        Directory.CreateDirectory(dir.Combine("tasks/b"));
        await using (var task = new BudgetLogBuilder(dir.Combine("tasks/a/events.jsonl")))
        {
            await task.TurnAsync(new TokenUsage(3_000, 300));
            await task.TurnAsync(new TokenUsage(1_000, 100));
        }

        await using (var task = new BudgetLogBuilder(dir.Combine("tasks/b/events.jsonl")))
        {
            await task.TurnAsync(new TokenUsage(600, 0));
        }

        await using (var run = new BudgetLogBuilder(path))
        {
            await run.StartAsync(tokens: 10_000);

            // The team's per-turn copy of task a's usage (a has its own log) is not counted again; task c has no log of its own.
            await run.AppendAsync(run.Factory.TokenUsage(new TokenUsagePayload("worker-0", "a", 4_000, 400, 0, 0, 0.01m)));
            await run.AppendAsync(run.Factory.TokenUsage(new TokenUsagePayload("worker-1", "c", 70, 0, 0, 0, 0.001m)));
            await run.AppendAsync(run.Factory.Create(EventKind.TaskCompleted,
                new TaskOutcomePayload("a", "worker-0", 1, "completed", InputTokens: 4_000, OutputTokens: 400, CostUsd: 0.02m),
                EventJsonContext.File.TaskOutcomePayload, "worker-0"));
        }

        var extra = dir.Combine("planner.jsonl");
        await using (var planner = new BudgetLogBuilder(extra))
        {
            await planner.TurnAsync(new TokenUsage(50, 50));
        }

        var beside = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
        Assert.Equal(5_070, beside.Used.Tokens);
        Assert.Equal(3, beside.Turns);

        var withExtra = await BudgetLedgerFold.FoldAsync(path, new BudgetFoldOptions { UsageLogs = [extra] }, CancellationToken.None);
        Assert.Equal(5_170, withExtra.Used.Tokens);
        Assert.Equal(4, withExtra.Turns);
    }

    [Fact]
    public async Task The_next_turn_is_estimated_from_the_turns_seen()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync(tokens: 100_000);
        }

        var before = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
        Assert.Equal(new BudgetUsage(TimeSpan.Zero, BudgetLedger.DefaultTurnTokens, BudgetLedger.DefaultTurnUsd), before.EstimateNextTurn());
        Assert.Equal(0.052m, BudgetLedger.DefaultTurnUsd);

        await using (var log = new BudgetLogBuilder(path))
        {
            // A turn's time runs from the first event after the previous turn's end: run_started, then its first step.
            await log.TurnAsync(new TokenUsage(9_000, 1_000));                       // 10,000 tokens in 20 s
            await log.TurnAsync(new TokenUsage(4_000, 1_000), new TokenUsage(0, 1)); // 5,001 tokens in 20 s
        }

        var after = await BudgetLedgerFold.FoldAsync(path, CancellationToken.None);
        var estimate = after.EstimateNextTurn();
        Assert.Equal(2, after.Turns);
        Assert.Equal(7_501, estimate.Tokens);
        Assert.Equal(TimeSpan.FromSeconds(20), estimate.Elapsed);
        Assert.Equal(decimal.Round(after.Used.Usd / 2, 6, MidpointRounding.AwayFromZero), estimate.Usd);
    }

    [Fact]
    public async Task A_cancelled_fold_stops()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine(EventSchema.FileName);
        await using (var log = new BudgetLogBuilder(path))
        {
            await log.StartAsync(tokens: 10);
        }

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => BudgetLedgerFold.FoldAsync(path, cts.Token));
    }
}
