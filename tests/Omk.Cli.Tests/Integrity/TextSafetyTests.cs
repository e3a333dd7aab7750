using Omk.Testing;

namespace Omk.Tests.Integrity;

/// <summary>What gates print cannot drive the terminal or break out of proof.md (and so the PR comment).</summary>
public sealed class TextSafetyTests
{
    [Fact]
    public async Task Ansi_sequences_and_fence_breakout_in_gate_output_stay_inert()
    {
        using var repo = new TempGitRepo();
        var output = "printf '``````\\n# Injected heading\\n\\033[31mred\\033[0m \\033]0;title\\007done\\n' >&2; exit 1";
        var longName = new string('n', 300);
        var result = await OmkProcess.RunAsync(repo.Path, "proof", "--gate", $"noisy=!{output}", "--gate", $"{longName}=true");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain('\u001b', result.Stdout + result.Stderr);

        var run = Directory.GetDirectories(Path.Combine(repo.Path, ".omk", "runs")).Single();
        var markdown = File.ReadAllText(Path.Combine(run, "proof.md"));
        Assert.DoesNotContain('\u001b', markdown);
        Assert.DoesNotContain('\u0007', markdown);
        Assert.Contains("red", markdown, StringComparison.Ordinal);

        // The output's six backticks sit inside a fence of seven: the injected heading is text in the block, not a heading.
        var lines = markdown.Split('\n');
        var open = Array.IndexOf(lines, "```````text");
        Assert.True(open >= 0, markdown);
        var close = Array.IndexOf(lines, "```````", open + 1);
        var injected = Array.IndexOf(lines, "# Injected heading");
        Assert.True(open < injected && injected < close, markdown);

        // A 300-character gate name is cut in the table.
        Assert.Contains(new string('n', 79) + "…", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(longName, markdown, StringComparison.Ordinal);
    }
}
