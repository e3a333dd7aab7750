using System.Globalization;
using System.Text;
using Omk.Evidence;

namespace Omk.Benchmarks;

/// <summary>
/// Evidence costs, each against a baseline measured in the same run: findings extraction over 100 MB of mixed build
/// output against reading the same lines (target ≤ 1.5×), and parsing a TRX file of 10,000 tests (time and bytes
/// allocated) against the test run that wrote it (<c>dotnet test --no-build</c> of 10,000 xunit tests; target &lt; 1%).
/// </summary>
internal sealed class EvidenceBenchmark : IBenchmark
{
    public string Name => "evidence";

    public string Description => "findings over 100 MB of build output vs a plain line read; TRX of 10,000 tests vs a test run";

    public async Task<int> RunAsync(BenchmarkOptions options)
    {
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"omk-bench-evidence-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var megabytes = options.Count ?? 100;
            var output = Path.Combine(work, "build-output.log");
            var lines = BuildOutput.Write(output, megabytes * 1_000_000L, work);
            var bytes = new FileInfo(output).Length;
            var runs = Math.Max(options.Runs, 3);

            var findings = 0;
            var table = new ResultTable($"## Findings extraction over {bytes / 1e6:0} MB of build output ({lines:N0} lines, best of {runs})");
            table.Add("plain line read (baseline)", await Measurement.BestOfAsync(runs, lines, bytes, () => Task.FromResult(Measurement.Time(() => ReadLines(output, null)))));
            table.Add("line read + findings", await Measurement.BestOfAsync(runs, lines, bytes, () => Task.FromResult(Measurement.Time(() =>
            {
                var collector = new FindingCollector(new RepoPath(work));
                ReadLines(output, collector.Accept);
                findings = collector.Totals.Errors + collector.Totals.Warnings;
            }))), baseline: "plain line read (baseline)");
            Console.WriteLine(table);
            var ratio = table["plain line read (baseline)"].PerSecond / table["line read + findings"].PerSecond;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Findings cost {ratio:0.00}× the plain read (target ≤ 1.5×); {findings:N0} distinct findings.\n"));

            var tests = 10_000;
            var (testRun, trx) = TestRunBaseline.Measure(Path.Combine(work, "xunit"), tests, runs);
            var allocated = 0L;
            var parse = await Measurement.BestOfAsync(runs, tests, new FileInfo(trx).Length, () => Task.FromResult(Measurement.Time(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var report = new TestReportBuilder(new RepoPath(work));
                TestResultFile.Read(trx, report);
                _ = report.Build();
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            })));
            Console.WriteLine($"## TRX of {tests:N0} tests ({new FileInfo(trx).Length / 1e6:0.0} MB, written by the run; 1% failed with message and stack)");
            Console.WriteLine();
            Console.WriteLine("| case | time | allocated | share of the test run |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| dotnet test --no-build --logger trx, {tests:N0} xunit tests (baseline: the test run) | {testRun:0} ms | | 100% |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| parse the TRX of 10,000 tests | {parse.Best.TotalMilliseconds:0.0} ms | {allocated / 1e6:0.0} MB | {parse.Best.TotalMilliseconds / testRun * 100:0.00}% (target < 1%) |"));
            Console.WriteLine();
            return 0;
        }
        finally
        {
            if (options.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static void ReadLines(string path, Action<string>? each)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, false, 64 * 1024);
        long count = 0;
        while (reader.ReadLine() is { } line)
        {
            count += line.Length;
            each?.Invoke(line);
        }

        GC.KeepAlive(count);
    }
}
