using System.Globalization;
using System.Text;

namespace Omk.Benchmarks;

/// <summary>Writes realistic mixed build output: MSBuild progress lines, compiler output, test output, and about 1% diagnostics
/// (errors and warnings, each printed twice as MSBuild repeats them in its summary).</summary>
internal static class BuildOutput
{
    public static long Write(string path, long bytes, string repo)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var written = 0L;
        var lines = 0L;
        for (var i = 0; written < bytes; i++)
        {
            var line = (i % 100) switch
            {
                0 => string.Create(CultureInfo.InvariantCulture, $"{repo}/src/Project{i % 37}/File{i % 911}.cs({i % 400 + 1},{i % 60 + 1}): error CS{1000 + i % 50}: The name 'value{i % 97}' does not exist in the current context [{repo}/src/Project{i % 37}/Project{i % 37}.csproj]"),
                1 => string.Create(CultureInfo.InvariantCulture, $"{repo}/src/Project{i % 37}/File{i % 911}.cs({i % 400 + 1},{i % 60 + 1}): warning CS8618: Non-nullable property 'Name' must contain a non-null value when exiting constructor. [{repo}/src/Project{i % 37}/Project{i % 37}.csproj]"),
                < 40 => string.Create(CultureInfo.InvariantCulture, $"  Project{i % 37} -> {repo}/src/Project{i % 37}/bin/Debug/net10.0/Project{i % 37}.dll"),
                < 70 => string.Create(CultureInfo.InvariantCulture, $"[xUnit.net 00:00:{i % 60:00}.{i % 100:00}]     Tests.Suite{i % 13}.Case{i}: note: running in /tmp/x"),
                _ => string.Create(CultureInfo.InvariantCulture, $"  Passed Tests.Suite{i % 13}.Case{i} [{i % 17} ms] — Determining projects to restore... All projects are up-to-date for restore."),
            };
            writer.Write(line);
            writer.Write('\n');
            written += Encoding.UTF8.GetByteCount(line) + 1;
            lines++;
        }

        return lines;
    }
}
