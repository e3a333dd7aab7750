using Omk.Processes;

namespace Omk.Tests.Processes;

/// <summary>Runs alone, so that the descriptors it counts are its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SpawnLeakCollection
{
    public const string Name = "descriptor and zombie counts";
}

/// <summary>Many runs leave no descriptor open and no zombie behind, on either launch path.</summary>
[Collection(SpawnLeakCollection.Name)]
public sealed class SpawnLeakTests : IDisposable
{
    private const int Runs = 50;

    private readonly ProcessTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fifty_runs_leave_no_descriptor_open_and_no_zombie(bool processOnly)
    {
        var runner = new ProcessRunner(null, processOnly);
        var spec = new ProcessSpec(ProcessCommand.Shell("echo out; echo err >&2; exit 3"), _dir.Path) { Timeout = TimeSpan.FromSeconds(30) };
        await runner.RunAsync(spec, CancellationToken.None); // whatever the first run opens for good (the runtime's own)
        await Task.Delay(100);
        var before = OpenDescriptors();

        var pids = new List<int>();
        for (var i = 0; i < Runs; i++)
        {
            var result = await runner.RunAsync(spec, CancellationToken.None);
            Assert.Equal(3, result.ExitCode);
            Assert.Equal("out\n", result.StdoutTail);
            Assert.Equal("err\n", result.StderrTail);
            pids.Add(result.ProcessId!.Value);
        }

        await SettleAsync(); // disposed streams of a run close as their reader threads end
        var after = OpenDescriptors();
        Assert.True(after.Count <= before.Count, $"descriptors open before: {before.Count}, after {Runs} runs: {after.Count} ({string.Join(", ", after.Except(before))})");
        var zombies = pids.Where(pid => ProcessTreeKiller.ReadStat(pid) is { } stat && stat.ParentId == Environment.ProcessId).ToList();
        Assert.Empty(zombies);
    }

    [Fact]
    public async Task Fifty_git_calls_with_and_without_input_leave_no_descriptor_open()
    {
        using var repo = new Omk.Testing.TempGitRepo();
        var git = new Omk.Git.GitCli(repo.Path);
        await git.RunAsync("rev-parse", "HEAD");
        await Task.Delay(100);
        var before = OpenDescriptors();
        var zombiesBefore = OwnZombies("git");

        for (var i = 0; i < Runs; i++)
        {
            var result = i % 2 == 0
                ? await git.RunAsync(["hash-object", "--stdin"], null, "blob\n")
                : await git.RunAsync("rev-parse", "HEAD");
            Assert.Equal(0, result.ExitCode);
        }

        await SettleAsync();
        var after = OpenDescriptors();
        Assert.True(after.Count <= before.Count, $"descriptors open before: {before.Count}, after {Runs} git calls: {after.Count} ({string.Join(", ", after.Except(before))})");
        // git is reaped by the thread that ran the call. Only new git zombies count: this test host is a child subreaper, so
        // what other tests' killed trees left behind (a shell, a sleep) is reparented here and may end as a zombie any time.
        Assert.Empty(OwnZombies("git").Except(zombiesBefore));
    }

    private static List<int> OwnZombies(string program) =>
        Directory.EnumerateDirectories("/proc")
            .Select(path => int.TryParse(Path.GetFileName(path), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcessTreeKiller.ReadStat(pid) is { State: 'Z' } stat && stat.ParentId == Environment.ProcessId && Command(pid) == program)
            .ToList();

    private static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task SettleAsync()
    {
        await Task.Delay(300);
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static List<string> OpenDescriptors() =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Select(fd => $"{Path.GetFileName(fd)} -> {new FileInfo(fd).LinkTarget}")
            .ToList();
}
