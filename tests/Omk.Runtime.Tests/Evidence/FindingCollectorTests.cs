using Omk.Evidence;
using Omk.Storage;

namespace Omk.Tests.Evidence;

public sealed class FindingCollectorTests
{
    [Fact]
    public void Findings_are_deduplicated_relative_to_the_repository_and_their_totals_counted_beyond_the_cap()
    {
        var collector = new FindingCollector(new RepoPath("/repo"));
        for (var i = 1; i <= 120; i++)
        {
            collector.Accept($"/repo/src/X.cs({i},1): error CS1002: ; expected [/repo/src/X.csproj]");
        }

        collector.Accept("/repo/src/X.cs(1,1): error CS1002: ; expected [/repo/src/X.csproj]"); // MSBuild's summary repeats it
        collector.Accept("/elsewhere/Y.cs(2,3): warning CS0168: unused [/elsewhere/Y.csproj]");

        Assert.Equal(FindingCollector.MaxPerSeverity + 1, collector.Findings.Count);
        Assert.Equal(new(120, 1), collector.Totals);
        Assert.True(collector.Capped);
        var first = collector.Findings[0];
        Assert.Equal(("src/X.cs", 1, 1, "CS1002", "; expected"), (first.File, first.Line, first.Column, first.Code, first.Message));
        Assert.Equal("/elsewhere/Y.cs", collector.Findings[^1].File);
    }

    [Fact]
    public void The_tail_keeps_the_last_lines_redacted()
    {
        var redactor = new SecretRedactor(["hunter2"]);
        var collector = new FindingCollector(new RepoPath("/repo"), redactor.Redact);
        for (var i = 0; i < 100; i++)
        {
            collector.Accept($"line {i}");
        }

        collector.Accept("/repo/a.cs(1,1): error CS1: token hunter2 leaked");
        collector.Accept(string.Empty);

        var tail = collector.Tail();
        Assert.Equal(FindingCollector.TailLines - 1, tail.Count);
        Assert.Equal("line 82", tail[0]);
        Assert.DoesNotContain("hunter2", tail[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", collector.Findings[0].Message, StringComparison.Ordinal);
    }
}
