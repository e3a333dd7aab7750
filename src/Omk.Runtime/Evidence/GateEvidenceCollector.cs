using Omk.Processes;

namespace Omk.Evidence;

/// <summary>
/// Collects the evidence of one attempt of a gate: findings and the output tail from the lines as they stream
/// (<see cref="OnOutput"/>), then, when the process has ended, its test results: the TRX files of a
/// <c>dotnet test</c> command (Omk asks for them, see <see cref="DotnetTestResults"/>) and the files the gate names
/// with <c>results</c>. A test gate is one of those two; one with no test at all "ran no tests", unless allowed.
/// </summary>
public sealed class GateEvidenceCollector
{
    private readonly RepoPath _paths;
    private readonly string _workingDirectory;
    private readonly IReadOnlyList<string> _resultPatterns;
    private readonly bool _allowNoTests;
    private readonly Func<string, string>? _redact;
    private readonly FindingCollector _findings;
    private string? _trxDirectory;
    private string? _added;

    public GateEvidenceCollector(
        string repoRoot, string workingDirectory, IReadOnlyList<string> resultPatterns, bool allowNoTests, Func<string, string>? redact)
    {
        _paths = new RepoPath(repoRoot, workingDirectory);
        _workingDirectory = workingDirectory;
        _resultPatterns = resultPatterns;
        _allowNoTests = allowNoTests;
        _redact = redact;
        _findings = new FindingCollector(_paths, redact);
    }

    /// <summary>The command to run: a <c>dotnet test</c> command gets a TRX logger writing into <paramref name="resultsDirectory"/>.</summary>
    public ProcessCommand Prepare(ProcessCommand command, string resultsDirectory)
    {
        var (prepared, added) = DotnetTestResults.Prepare(command, resultsDirectory, _workingDirectory);
        if (added is not null)
        {
            if (Directory.Exists(resultsDirectory))
            {
                Directory.Delete(resultsDirectory, recursive: true); // an earlier attempt's results are its own
            }

            _trxDirectory = resultsDirectory;
            _added = added;
        }

        return prepared;
    }

    /// <summary>Called with each line of output as it arrives.</summary>
    public void OnOutput(ProcessOutputLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _findings.Accept(line.Text);
    }

    /// <summary>The evidence, once the process ended; <paramref name="startedUtc"/> tells fresh result files from stale ones.</summary>
    public GateEvidence Finish(DateTime startedUtc)
    {
        TestReport? tests = null;
        if (_trxDirectory is not null || _resultPatterns.Count > 0)
        {
            var report = new TestReportBuilder(_paths, _redact);
            var files = new List<string>();
            if (_trxDirectory is not null && Directory.Exists(_trxDirectory))
            {
                files.AddRange(Directory.EnumerateFiles(_trxDirectory, "*.trx", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }

            foreach (var pattern in _resultPatterns)
            {
                files.AddRange(ResultFileGlob.Expand(pattern, _workingDirectory, startedUtc));
            }

            foreach (var file in files.Distinct(StringComparer.Ordinal))
            {
                TestResultFile.Read(file, report);
            }

            tests = report.Build();
        }

        return new GateEvidence
        {
            Findings = _findings.Findings,
            Totals = _findings.Totals,
            FindingsCapped = _findings.Capped,
            Tail = _findings.Tail(),
            Tests = tests,
            AddedArguments = _added,
            NoTestsRan = tests is { Counts.Total: 0 } && !_allowNoTests,
        };
    }
}
