namespace Omk.Benchmarks;

/// <summary>
/// The floor of a reusing <c>omk proof</c> as omk starts processes on Linux since issue 17's fourth pass: the same work as
/// <c>ReuseBenchmark</c>'s floor (git status, git rev-parse HEAD^{tree}, two fsynced files), git started with
/// <c>posix_spawn</c> and read through a pipe instead of <see cref="System.Diagnostics.Process"/>.
/// </summary>
internal static class ReuseSpawnFloor
{
    /// <summary>What both floors do, around a <c>Git(params string[] args)</c> each defines its own way.</summary>
    public const string Work = """
        using System;
        using System.IO;

        var status = Git("status", "--porcelain=v2", "--branch");
        var tree = Git("rev-parse", "HEAD^{tree}");
        foreach (var name in new[] { "events.jsonl", "proof.json" })
        {
            using var file = new FileStream(Path.Combine(args[0], name), FileMode.Create, FileAccess.Write);
            file.Write(System.Text.Encoding.UTF8.GetBytes(status + tree));
            file.Flush(flushToDisk: true);
        }

        Console.WriteLine(tree.Trim());
        """;

    public const string Program = """
        using System.Runtime.InteropServices;
        using Microsoft.Win32.SafeHandles;

        """ + Work + """

        static string Git(params string[] args) => Spawn(["/usr/bin/git", .. args], mergeStandardError: false);
        """ + StartupFloors.PosixSpawn;
}
