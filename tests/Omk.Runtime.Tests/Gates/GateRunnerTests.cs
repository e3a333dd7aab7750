using System.Diagnostics;
using Omk.Events;
using Omk.Gates;
using Omk.Proofs;

namespace Omk.Tests.Gates;

public sealed class GateRunnerTests
{
    [Fact]
    public async Task Each_gate_emits_started_finished_and_a_result_and_writes_its_numbered_log()
    {
        using var h = new GateRunHarness();
        var (outcomes, events) = await h.RunAsync(new GateSet(
        [
            GateRunHarness.Shell("first", "echo hello"),
            GateRunHarness.Shell("second gate", "echo oops >&2; exit 4"),
        ], "test"));

        Assert.Equal(["passed", "failed"], outcomes.Select(o => o.Status));
        Assert.Equal(
            ["command_started", "command_finished", "gate_passed", "command_started", "command_finished", "gate_failed"],
            events.Select(e => e.Kind.Value));
        var failed = events[5];
        Assert.Equal("exit code 4", failed.PayloadString("reason"));
        Assert.Equal("oops", failed.PayloadString("stderr_summary"));
        Assert.Equal("gates/02-second-gate.log", failed.PayloadString("output_path"));
        Assert.Contains("oops", File.ReadAllText(h.Run.GateLogPath(2, "second gate")));
        Assert.Contains("hello", File.ReadAllText(h.Run.GateLogPath(1, "first")));
    }

    [Fact]
    public async Task A_gate_whose_grandchild_sleeps_forever_is_killed_at_its_timeout_with_its_whole_tree()
    {
        using var h = new GateRunHarness();
        var pidFile = Path.Combine(h.Repo, "grandchild.pid");
        var gate = GateRunHarness.Shell("hang", $"sleep 1000 & echo $! > '{pidFile}'; sh -c 'sleep 1000' & wait") with { Timeout = TimeSpan.FromSeconds(1.5) };
        var watch = Stopwatch.StartNew();
        var (outcomes, events) = await h.RunAsync(new GateSet([gate], "test"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");

        var outcome = Assert.Single(outcomes);
        Assert.Equal(GateStatus.Failed, outcome.Status);
        Assert.True(outcome.Process!.TimedOut);
        var result = events.Single(e => e.Kind == EventKind.GateFailed);
        Assert.StartsWith("timed out after 1.5 s", result.PayloadString("reason"), StringComparison.Ordinal);
        Assert.Equal("true", result.Payload!.Value.GetProperty("timed_out").GetRawText());

        var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await ProcessGone(grandchild), $"grandchild {grandchild} survived the timeout");
        Assert.True(await ProcessGone(outcome.Process.ProcessId!.Value), "the gate's own process survived");
    }

    [Fact]
    public async Task Gates_run_dependencies_first_then_in_declaration_order_and_dependents_of_a_failure_are_skipped()
    {
        using var h = new GateRunHarness();
        var (outcomes, events) = await h.RunAsync(new GateSet(
        [
            GateRunHarness.Shell("test", "exit 0", "build"),
            GateRunHarness.Shell("build", "exit 1"),
            GateRunHarness.Shell("docs", "exit 0"),
            GateRunHarness.Shell("package", "exit 0", "test"),
        ], "test"));

        Assert.Equal(["skipped", "failed", "passed", "skipped"], outcomes.Select(o => o.Status));
        var order = events.Where(e => e.Kind == EventKind.GatePassed || e.Kind == EventKind.GateFailed).Select(e => e.PayloadString("name"));
        Assert.Equal(["build", "test", "docs", "package"], order);
        Assert.Equal("dependency 'build' failed", outcomes[0].Reason);
        Assert.Equal("dependency 'test' did not run", outcomes[3].Reason);
        Assert.DoesNotContain(events, e => e.Kind == EventKind.CommandStarted && e.PayloadString("name") is "test" or "package");
    }

    [Fact]
    public async Task Parallel_gates_overlap_in_time()
    {
        using var h = new GateRunHarness();
        var watch = Stopwatch.StartNew();
        var (outcomes, _) = await h.RunAsync(
            new GateSet([Rendezvous("a"), Rendezvous("b"), Rendezvous("c")], "test"),
            parallelism: 3);
        // Each gate passes only if it sees all three running at once: run one after another, the first would wait in vain.
        Assert.All(outcomes, o => Assert.Equal(GateStatus.Passed, o.Status));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"three rendezvous gates in parallel took {watch.Elapsed}");

        GateDefinition Rendezvous(string name) => GateRunHarness.Shell(name,
            $"touch started-{name}; for i in $(seq 150); do [ -e started-a ] && [ -e started-b ] && [ -e started-c ] && exit 0; sleep 0.1; done; exit 1");
    }

    [Fact]
    public async Task A_skipped_gate_is_recorded_without_running_and_does_not_block_its_dependents()
    {
        using var h = new GateRunHarness();
        var marker = Path.Combine(h.Repo, "ran");
        var (outcomes, events) = await h.RunAsync(new GateSet(
        [
            GateRunHarness.Shell("slow", $"touch '{marker}'") with { Skip = true },
            GateRunHarness.Shell("after", "exit 0", "slow"),
        ], "test"));
        Assert.False(File.Exists(marker));
        Assert.Equal(["skipped", "passed"], outcomes.Select(o => o.Status));
        Assert.Equal("skipped by configuration", events[0].PayloadString("reason"));
    }

    [Fact]
    public async Task A_missing_program_fails_its_gate_with_a_clear_reason()
    {
        using var h = new GateRunHarness();
        var (outcomes, _) = await h.RunAsync(new GateSet(
            [new GateDefinition { Name = "ghost", Command = new Omk.Processes.ProcessCommand("no-such-program-omk", []) }], "test"));
        var outcome = Assert.Single(outcomes);
        Assert.Equal(GateStatus.Failed, outcome.Status);
        Assert.StartsWith("could not start:", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("no-such-program-omk", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_kills_the_running_gate_and_skips_the_rest()
    {
        using var h = new GateRunHarness();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var (outcomes, _) = await h.RunAsync(
            new GateSet([GateRunHarness.Shell("long", "sleep 100"), GateRunHarness.Shell("next", "exit 0")], "test"),
            cancellationToken: cts.Token);
        Assert.Equal(["failed", "skipped"], outcomes.Select(o => o.Status));
        Assert.True(outcomes[0].Process!.Cancelled);
    }

    [Fact]
    public void Gate_sets_reject_duplicates_unknown_dependencies_and_cycles_with_names()
    {
        var dup = Assert.Throws<GateConfigurationException>(() => new GateSet(
            [
                GateRunHarness.Shell("a", "true") with { Source = new GateLocation("gates/one.fsx", 3) },
                GateRunHarness.Shell("a", "true") with { Source = new GateLocation("gates/two.fsx", 7) },
            ], "t").Validate());
        Assert.Contains("gates/one.fsx(3,1)", dup.Message, StringComparison.Ordinal);
        Assert.Contains("gates/two.fsx(7,1)", dup.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<GateConfigurationException>(() => new GateSet([GateRunHarness.Shell("a", "true", "zzz")], "t").Validate());
        Assert.Contains("'zzz'", unknown.Message, StringComparison.Ordinal);

        var cycle = Assert.Throws<GateConfigurationException>(() => new GateSet(
            [GateRunHarness.Shell("a", "true", "b"), GateRunHarness.Shell("b", "true", "c"), GateRunHarness.Shell("c", "true", "a")], "t").Validate());
        Assert.Contains("a -> b -> c -> a", cycle.Message, StringComparison.Ordinal);
    }

    private static async Task<bool> ProcessGone(int pid)
    {
        for (var i = 0; i < 40; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat))
            {
                return true;
            }

            try
            {
                // A zombie (state Z) is dead, merely not yet reaped by its parent.
                var text = File.ReadAllText(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
