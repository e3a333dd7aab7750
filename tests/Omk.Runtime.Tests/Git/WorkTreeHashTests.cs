using Omk.Git;
using Omk.Testing;

namespace Omk.Tests.Git;

/// <summary>The work tree's git tree, on real repositories: from status paths or a scan, the same tree, and never the real index touched.</summary>
public sealed class WorkTreeHashTests
{
    [Fact]
    public async Task Status_paths_and_a_full_scan_give_the_tree_git_itself_would_commit_and_the_index_is_untouched()
    {
        using var repo = new TempGitRepo();
        repo.Write("keep.txt", "keep\n");
        repo.Write("gone.txt", "gone\n");
        repo.Write("src/edit.cs", "class A {}\n");
        repo.Write(".gitignore", "*.log\n");
        repo.Commit("base");
        var clean = await WorkTreeHash.ComputeAsync(repo.Path, statusPaths: []);
        Assert.Equal(repo.Git("rev-parse", "HEAD^{tree}"), clean!.Tree);

        repo.Write("src/edit.cs", "class A { int x; }\n");
        File.Delete(Path.Combine(repo.Path, "gone.txt"));
        repo.Write("src/new/untracked.cs", "class B {}\n");
        repo.Write("staged.txt", "staged\n");
        repo.Git("add", "staged.txt");
        repo.Write("ignored.log", "not an input\n");
        var indexBefore = File.ReadAllBytes(Path.Combine(repo.Path, ".git", "index"));

        var snapshot = await GitRepository.AtTopLevel(repo.Path).SnapshotAsync(null);
        var fromStatus = await WorkTreeHash.ComputeAsync(repo.Path, snapshot.StatusPaths);
        var scanned = await WorkTreeHash.ComputeAsync(Path.Combine(repo.Path, "src"), statusPaths: null);

        Assert.Equal(indexBefore, File.ReadAllBytes(Path.Combine(repo.Path, ".git", "index")));
        repo.Git("add", "-A");
        var expected = repo.Git("write-tree");
        Assert.Equal(expected, fromStatus!.Tree);
        Assert.Equal(expected, scanned!.Tree);
        Assert.Equal(repo.Path, scanned.TopLevel);
        Assert.Equal(Path.Combine(repo.Path, ".git"), fromStatus.CommonDirectory);
    }

    [Fact]
    public async Task Without_an_index_new_folders_removed_folders_executable_files_and_a_file_replacing_a_folder_give_gits_tree()
    {
        using var repo = new TempGitRepo();
        repo.Write("gone/one.txt", "1\n");
        repo.Write("gone/deeper/two.txt", "2\n");
        repo.Write("keep/a.txt", "a\n");
        repo.Write("keep/sub/b.txt", "b\n");
        repo.Write("was-a-folder/c.txt", "c\n");
        repo.Commit("base");

        Directory.Delete(Path.Combine(repo.Path, "gone"), recursive: true);
        repo.Write("keep/sub/b.txt", "b changed\n");
        repo.Write("new/very/deep/d.txt", "d\n");
        var script = repo.Write("keep/run.sh", "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
        }

        foreach (var layout in new[] { "as edited", "with a file where a folder was" })
        {
            if (layout != "as edited")
            {
                Directory.Delete(Path.Combine(repo.Path, "was-a-folder"), recursive: true);
                repo.Write("was-a-folder", "now a file\n");
            }

            var snapshot = await GitRepository.AtTopLevel(repo.Path).SnapshotAsync(null);
            var fromStatus = await WorkTreeHash.ComputeAsync(repo.Path, snapshot.StatusPaths);
            var scanned = await WorkTreeHash.ComputeAsync(repo.Path, statusPaths: null);
            Assert.Equal(scanned!.Tree, fromStatus!.Tree);
            Assert.Equal(ExpectedTree(repo), fromStatus.Tree);
        }
    }

    // What git itself commits: a throwaway index filled by git add -A.
    private static string ExpectedTree(TempGitRepo repo)
    {
        var index = Path.Combine(Path.GetTempPath(), "omk-expected-" + Guid.NewGuid().ToString("N"));
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("sh", ["-c", "git add -A && git write-tree"]) { WorkingDirectory = repo.Path, RedirectStandardOutput = true };
            start.Environment["GIT_INDEX_FILE"] = index;
            using var process = System.Diagnostics.Process.Start(start)!;
            var tree = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return tree;
        }
        finally
        {
            File.Delete(index);
        }
    }

    [Fact]
    public async Task Outside_a_work_tree_there_is_no_tree()
    {
        using var directory = new TempDirectory("omk-no-git");
        Assert.Null(await WorkTreeHash.ComputeAsync(directory.Path, statusPaths: null));
    }
}
