using Omk.GitHubAction.GitHub;
using Omk.GitHubAction.Tests.Support;
using Omk.Proofs;

namespace Omk.GitHubAction.Tests;

/// <summary>The pieces of a report on their own: annotations, comment body, output file, step summary, Link headers, options.</summary>
public sealed class ReportPartsTests
{
    [Fact]
    public void Annotations_keep_ten_of_a_kind_most_relevant_first_and_count_the_rest()
    {
        var gates = Enumerable.Range(1, 12).Select(i => Gate($"g{i:00}", GateStatus.Failed, file: i == 12 ? "gates/changed.fsx" : "gates/all.fsx", line: i))
            .Append(Gate("optional", GateStatus.Failed, allowFail: true))
            .Append(Gate("after", GateStatus.Skipped))
            .Append(Gate("fine", GateStatus.Passed))
            .ToList();
        var proof = Proof(gates, changed: ["gates/changed.fsx", "src/x.cs"]);

        var (shown, dropped) = GateAnnotations.Select(proof, "sub");

        Assert.Equal(2, dropped);
        Assert.Equal(11, shown.Count);
        Assert.Equal(("error", "omk: gate g12 failed", "sub/gates/changed.fsx", 12), (shown[0].Kind, shown[0].Title, shown[0].File, shown[0].Line));
        Assert.Equal(["g12", "g01", "g02", "g03", "g04", "g05", "g06", "g07", "g08", "g09"], shown.Take(10).Select(a => a.Title.Split(' ')[2]));
        Assert.Equal(("warning", "omk: gate optional failed (allowed)", null), (shown[10].Kind, shown[10].Title, shown[10].File));
        Assert.Contains("Gate 'g01' failed: exit code 1.\nCommand: run g01\nboom\nLog: gates/01.log in the run directory.", shown[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workflow_commands_escape_what_could_end_or_split_them()
    {
        using var log = new StringWriter();
        new WorkflowCommands(log).Error("100% sure\nline two\r", "a: b, c", "dir,x/a:b.fsx", 3);
        Assert.Equal("::error file=dir%2Cx/a%3Ab.fsx,line=3,title=a%3A b%2C c::100%25 sure%0Aline two%0D\n", log.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_comment_body_is_cut_to_65536_characters_at_a_line_with_fences_closed()
    {
        var proof = Proof([Gate("test", GateStatus.Failed)], changed: []);
        var markdown = "# ❌ Omk proof: failed\n\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"```text\nline {i} {new string('y', 40)}\n```\n"));
        var body = CommentBody.Render(proof, markdown, "proof", new string('a', 40), "https://github.com/o/r/actions/runs/1");

        Assert.InRange(body.Length, 64_000, CommentBody.MaxLength);
        Assert.StartsWith("<!-- omk-proof:proof -->\n<!-- omk-proof-state:failed:", body, StringComparison.Ordinal);
        Assert.Equal(0, body.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2);
        Assert.Contains("The whole proof is in the [job summary](https://github.com/o/r/actions/runs/1)", body, StringComparison.Ordinal);
        Assert.EndsWith("commit aaaaaaa · [workflow run and job summary](https://github.com/o/r/actions/runs/1)</sub>\n", body, StringComparison.Ordinal);
        Assert.Equal(CommentBody.State(proof), CommentBody.StateOf(body));
    }

    [Fact]
    public void The_state_changes_with_the_verdict_or_a_gate_status_only()
    {
        var a = Proof([Gate("build", GateStatus.Passed), Gate("test", GateStatus.Failed)], changed: []);
        var sameGates = a with { RunId = "run-other", Summary = "other" };
        var otherGate = Proof([Gate("build", GateStatus.Failed), Gate("test", GateStatus.Failed)], changed: []);
        Assert.Equal(CommentBody.State(a), CommentBody.State(sameGates));
        Assert.NotEqual(CommentBody.State(a), CommentBody.State(otherGate));
        Assert.False(CommentMode.ShouldWrite(CommentMode.OnChange, "failed", CommentBody.State(a), CommentBody.State(sameGates), exists: true));
        Assert.True(CommentMode.ShouldWrite(CommentMode.OnChange, "failed", CommentBody.State(a), CommentBody.State(otherGate), exists: true));
    }

    [Fact]
    public void Outputs_use_random_heredoc_delimiters_and_read_back_exactly()
    {
        var path = Path.GetTempFileName();
        try
        {
            OutputFile.Append(path, [new("multi", "line one\nline two\nverdict=ready"), new("empty", string.Empty), new("path", "/tmp/a b/c")]);
            var text = File.ReadAllText(path);
            var parsed = OutputFileParser.Parse(text);
            Assert.Equal("line one\nline two\nverdict=ready", parsed["multi"]);
            Assert.Equal(string.Empty, parsed["empty"]);
            Assert.Equal("/tmp/a b/c", parsed["path"]);
            var delimiters = text.Split('\n').Where(l => l.Contains("<<", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("<<", StringComparison.Ordinal) + 2)..]).ToList();
            Assert.Equal(3, delimiters.Distinct().Count());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_step_summary_stays_within_1_MiB()
    {
        var path = Path.GetTempFileName();
        try
        {
            var huge = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"| gate{i} | ❌ failed | yes | 1 | 5 ms |\n"));
            StepSummary.Append(path, huge, "> truncated: see proof.md");
            var bytes = new FileInfo(path).Length;
            Assert.InRange(bytes, StepSummary.MaxBytes - 200, StepSummary.MaxBytes);
            Assert.EndsWith("\n\n> truncated: see proof.md\n", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--mode", "deploy", "input 'mode' must be one of proof, publish, merge, goal, goal-publish (got 'deploy').")]
    [InlineData("--comment", "sometimes", "input 'comment' must be one of always, on-failure, on-change, never (got 'sometimes').")]
    [InlineData("--parallel", "0", "input 'parallel' must be a whole number of at least 1 (got '0').")]
    [InlineData("--comment-key", "a b", "input 'comment-key' must have no spaces")]
    [InlineData("--github-token", "x", "unknown argument '--github-token'")]
    public void Wrong_inputs_are_named_in_the_error(string option, string value, string message)
    {
        var error = Assert.Throws<ActionUsageException>(() => ActionSettings.Parse([option, value]));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_inputs_and_the_defaults_of_action_yml_give_the_program_defaults()
    {
        var empty = ActionSettings.Parse(ActionInputs.All.Where(i => i.Option is not null).SelectMany(i => new[] { i.Option!, string.Empty }).ToArray());
        var defaults = ActionSettings.Parse(ActionInputs.All.Where(i => i.Option is not null).SelectMany(i => new[] { i.Option!, i.Default }).ToArray());
        var expected = Describe(new ActionSettings());
        Assert.Equal(expected, Describe(empty));
        Assert.Equal(expected, Describe(defaults));
        Assert.Equal(expected, Describe(ActionSettings.Parse([])));
    }

    private static string Describe(ActionSettings s) =>
        $"{s.Mode}|{s.WorkingDirectory}|{string.Join(',', s.Gates)}|{s.GatesDir}|{s.GateFilter}|{s.Parallel}|{s.BaseRef}|{s.Comment}|{s.CommentKey}|{s.FailOn}|{s.ProofDir}|{s.EventFile}";

    private static ProofGate Gate(string name, string status, bool allowFail = false, string? file = null, int? line = null) => new()
    {
        Name = name,
        Status = status,
        Required = true,
        AllowFail = allowFail ? true : null,
        Kind = "command",
        SourceFile = file,
        SourceLine = line,
        Evidence = new ProofGateEvidence
        {
            CommandLine = "run " + name,
            ExitCode = status == GateStatus.Failed ? 1 : 0,
            StderrSummary = "boom",
            OutputPath = $"gates/{name[1..]}.log",
            Reason = status == GateStatus.Failed ? "exit code 1" : null,
        },
    };

    private static Proof Proof(IReadOnlyList<ProofGate> gates, IReadOnlyList<string> changed) => new()
    {
        RunId = "run-20260101-000000-000",
        Status = gates.Any(g => g.Status == GateStatus.Failed && g.AllowFail != true) ? ProofStatus.Failed : ProofStatus.Ready,
        Readiness = ProofStatus.Blocked,
        GeneratedAt = DateTimeOffset.UnixEpoch,
        ChangedFiles = changed.Select(c => new ProofChangedFile(c, "modified")).ToList(),
        Gates = gates,
        Failures = [],
        Retries = [],
        KnownGaps = [],
        Summary = "summary",
    };
}
