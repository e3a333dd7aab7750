using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Omk.Processes;

namespace Omk.Tests.Processes;

public sealed partial class ProcessLogTests : IDisposable
{
    private readonly ProcessTestDirectory _dir = new();
    private readonly ProcessRunner _runner = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Log_HasHeaderOutputAndFooter_InNewDirectories()
    {
        var log = _dir.File("nested/dir/gate.log");
        var spec = new ProcessSpec(ProcessCommand.Create("sh", "-c", "echo out; echo err >&2; printf tail"), _dir.Path) { LogPath = log };

        var result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(log, result.LogPath);
        var lines = (await File.ReadAllTextAsync(log)).Split('\n');
        Assert.Equal("$ sh -c 'echo out; echo err >&2; printf tail'", lines[0]);
        Assert.Equal($"# cwd: {_dir.Path}", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal(["err", "out", "tail"], lines[3..6].Order(StringComparer.Ordinal));
        Assert.Matches(@"^# exit code 0 after \d+(\.\d+)? s$", lines[6]);
        Assert.Equal("", lines[7]);
        Assert.Equal(8, lines.Length);
    }

    [Fact]
    public async Task Log_NeverInterleavesTheStreamsWithinALine()
    {
        var log = _dir.File("mixed.log");
        var script = "(i=0; while [ $i -lt 3000 ]; do echo \"out line $i xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"; i=$((i+1)); done) & "
            + "(i=0; while [ $i -lt 3000 ]; do echo \"err line $i yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\" >&2; i=$((i+1)); done); wait";
        var seen = new ConcurrentQueue<ProcessOutputLine>();
        var spec = new ProcessSpec(ProcessCommand.Shell(script), _dir.Path) { LogPath = log, OnOutput = seen.Enqueue };

        var result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        var body = (await File.ReadAllLinesAsync(log))[3..^1];
        Assert.Equal(6000, body.Length);
        Assert.All(body, line => Assert.Matches(WholeLine(), line));
        Assert.Equal(3000, seen.Count(l => l.Stream == ProcessOutputStream.Stdout && l.Text.StartsWith("out line ", StringComparison.Ordinal)));
        Assert.Equal(3000, seen.Count(l => l.Stream == ProcessOutputStream.Stderr && l.Text.StartsWith("err line ", StringComparison.Ordinal)));
        Assert.Equal(body, seen.Select(l => l.Text));
    }

    [Fact]
    public async Task LongPartialLine_IsPassedOnIn64KiBPieces()
    {
        var log = _dir.File("long.log");
        var pieces = new List<ProcessOutputLine>();
        var spec = new ProcessSpec(ProcessCommand.Shell("head -c 200000 /dev/zero | tr '\\0' a"), _dir.Path)
        {
            LogPath = log,
            OnOutput = pieces.Add,
        };

        var result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(200000, result.StdoutBytes);
        Assert.Equal([65536, 65536, 65536, 3392], pieces.Select(p => p.Text.Length));
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Equal(new string('a', 200000), lines[3]);
        Assert.StartsWith("# exit code 0 after ", lines[4], StringComparison.Ordinal);
        Assert.Equal($"{new string('a', 240)}...", result.StdoutSummary);
    }

    [Fact]
    public async Task ThrowingCallback_DoesNotBreakTheRun()
    {
        var calls = 0;
        var spec = new ProcessSpec(ProcessCommand.Shell("seq 1 5"), _dir.Path)
        {
            OnOutput = _ =>
            {
                calls++;
                throw new InvalidOperationException("live view broke");
            },
        };

        var result = await _runner.RunAsync(spec, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, calls);
        Assert.Equal("1\n2\n3\n4\n5\n", result.StdoutTail);
    }

    [Fact]
    public async Task UnwritableLog_GivesStartError()
    {
        var blocker = _dir.File("file");
        await File.WriteAllTextAsync(blocker, "not a directory");

        var result = await _runner.RunAsync(
            new ProcessSpec(ProcessCommand.Create("true"), _dir.Path) { LogPath = Path.Combine(blocker, "x.log") }, CancellationToken.None);

        Assert.Null(result.ExitCode);
        Assert.Contains("log file", result.StartError, StringComparison.Ordinal);
        Assert.Contains(blocker, result.StartError, StringComparison.Ordinal);
    }

    [GeneratedRegex("^(out line \\d+ x{32}|err line \\d+ y{36})$")]
    private static partial Regex WholeLine();
}
