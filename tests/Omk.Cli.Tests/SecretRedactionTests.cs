using Omk.Testing;

namespace Omk.Tests;

public sealed class SecretRedactionTests
{
    [Fact]
    public async Task A_secret_from_the_environment_printed_by_a_gate_reaches_no_file_of_the_run()
    {
        const string secret = "s3cr3t-value-of-the-deploy-token-42";
        using var repo = new TempGitRepo();
        var result = await OmkProcess.RunAsync(
            repo.Path,
            new Dictionary<string, string?> { ["DEPLOY_TOKEN"] = secret },
            "proof", "--gate", "leak=!echo \"using $DEPLOY_TOKEN\"; echo \"Authorization: Bearer abcdefghijklmnopqrstuvwxyz\" >&2; exit 1");
        Assert.True(result.ExitCode == 1, result.ToString());
        var run = Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")).Single();
        var files = Directory.GetFiles(run, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("01-leak.log", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz", text, StringComparison.Ordinal);
        }

        var log = File.ReadAllText(files.Single(f => f.EndsWith("01-leak.log", StringComparison.Ordinal)));
        Assert.Contains("using [REDACTED]", log, StringComparison.Ordinal);
        Assert.Contains("Bearer [REDACTED]", log, StringComparison.Ordinal);
        Assert.Contains("DEPLOY_TOKEN", File.ReadAllText(Path.Combine(run, "events.jsonl")), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnopqrstuvwxyz", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Bearer [REDACTED]", result.Stderr, StringComparison.Ordinal);
    }
}
