using Omk.Testing;

namespace Omk.Tests;

/// <summary>A <c>--gates-dir</c> that names no scripts is a usage error, never a silent fall-back to the auto-detected gates.</summary>
public sealed class GatesDirOptionTests
{
    [Fact]
    public async Task A_missing_or_empty_gates_folder_given_by_name_is_a_usage_error_and_nothing_runs()
    {
        using var repo = new TempGitRepo();
        repo.Write("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n"); // would be auto-detected as build
        repo.Write("empty/readme.txt", "no scripts here\n");

        var missing = await OmkProcess.RunAsync(repo.Path, "proof", "--gates-dir", "gatse");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("--gates-dir 'gatse': no such folder", missing.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.Path, ".omk", "runs")), missing.ToString());

        var empty = await OmkProcess.RunAsync(repo.Path, "gates", "list", "--gates-dir", "empty");
        Assert.True(empty.ExitCode == 2, empty.ToString());
        Assert.Contains("--gates-dir 'empty': the folder has no *.fsx gate scripts", empty.Stderr, StringComparison.Ordinal);
    }
}
