using System.Diagnostics;

namespace Omk.Testing;

/// <summary>A real git repository in a temp directory, with an identity configured and helpers to commit.</summary>
public sealed class TempGitRepo : IDisposable
{
    private readonly TempDirectory _directory;

    public TempGitRepo(bool initialCommit = true)
    {
        _directory = new TempDirectory("omk-repo");
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@omk.invalid");
        Git("config", "user.name", "Omk Test");
        Git("config", "commit.gpgsign", "false");
        if (initialCommit)
        {
            Write("README.md", "# test repo\n");
            Commit("initial");
        }
    }

    public string Path => _directory.Path;

    public string Write(string relative, string contents) => _directory.Write(relative, contents);

    public void Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr}");
        }

        return stdout.Trim();
    }

    public void Dispose() => _directory.Dispose();
}
