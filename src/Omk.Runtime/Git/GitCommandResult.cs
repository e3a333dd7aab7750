namespace Omk.Git;

/// <summary>The outcome of one git invocation: exit code, full stdout (raw, for <c>-z</c> parsing) and stderr text.</summary>
public sealed record GitCommandResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout).TrimEnd('\n', '\r');
}
