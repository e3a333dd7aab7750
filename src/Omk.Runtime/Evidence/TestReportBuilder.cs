using Omk.Events.Payloads;

namespace Omk.Evidence;

/// <summary>Adds up test results from several files, keeping the first failed tests (capped) and the true counts.</summary>
public sealed class TestReportBuilder(RepoPath paths, Func<string, string>? redact = null)
{
    public const int MaxFailedTests = 50;
    public const int MaxMessageLength = 1000;

    private readonly List<FailedTest> _failed = [];
    private readonly List<string> _files = [];
    private readonly List<string> _unreadable = [];
    private int _passed;
    private int _failedCount;
    private int _skipped;

    public RepoPath Paths => paths;

    public void Passed() => _passed++;

    public void Skipped() => _skipped++;

    /// <summary>A failed test; <paramref name="stack"/> is searched for the first frame inside the repository
    /// (when <paramref name="file"/> is not given).</summary>
    public void Failed(string name, string? message, string? stack, string? file = null, int? line = null)
    {
        _failedCount++;
        if (_failed.Count >= MaxFailedTests)
        {
            return;
        }

        var location = file is not null && paths.ExistingInside(file) is { } inside
            ? (inside, line)
            : StackFrameLocator.FirstInRepository(stack, paths) ?? StackFrameLocator.FirstInRepository(message, paths);
        _failed.Add(new FailedTest(name, Clean(message), location?.File, location?.Line));
    }

    public void FileRead(string path) => _files.Add(paths.Relative(path));

    public void FileUnreadable(string path, string why) => _unreadable.Add($"{paths.Relative(path)}: {why}");

    public bool Any => _files.Count > 0;

    public TestReport Build() => new(
        new TestCounts(_passed + _failedCount + _skipped, _passed, _failedCount, _skipped),
        _failed.ToList(),
        _files.ToList(),
        _unreadable.ToList());

    private string? Clean(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        var text = message.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.Length > MaxMessageLength)
        {
            text = text[..MaxMessageLength] + "…";
        }

        return redact is null ? text : redact(text);
    }
}
