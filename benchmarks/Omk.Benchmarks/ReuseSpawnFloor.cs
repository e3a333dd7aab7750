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

        static string Git(params string[] args)
        {
            var pipe = new int[2];
            if (pipe2(pipe, 0x80000) != 0) throw new InvalidOperationException("pipe2");
            var actions = Marshal.AllocHGlobal(256);
            posix_spawn_file_actions_init(actions);
            posix_spawn_file_actions_adddup2(actions, pipe[1], 1);
            var argv = new IntPtr[args.Length + 2];
            argv[0] = Marshal.StringToCoTaskMemUTF8("/usr/bin/git");
            for (var i = 0; i < args.Length; i++) argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
            var environ = Marshal.ReadIntPtr(NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "environ"));
            var rc = posix_spawn(out var pid, "/usr/bin/git", actions, IntPtr.Zero, argv, environ);
            close(pipe[1]);
            posix_spawn_file_actions_destroy(actions);
            Marshal.FreeHGlobal(actions);
            foreach (var p in argv) Marshal.FreeCoTaskMem(p);
            if (rc != 0) throw new InvalidOperationException("posix_spawn " + rc);
            using var output = new FileStream(new SafeFileHandle(pipe[0], true), FileAccess.Read, 0);
            var text = new StreamReader(output).ReadToEnd();
            return waitpid(pid, out var state, 0) == pid && state == 0 ? text : throw new InvalidOperationException("git failed");
        }

        [DllImport("libc", SetLastError = true)] static extern int pipe2(int[] fds, int flags);
        [DllImport("libc")] static extern int close(int fd);
        [DllImport("libc")] static extern int waitpid(int pid, out int status, int options);
        [DllImport("libc")] static extern int posix_spawn(out int pid, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr actions, IntPtr attributes, IntPtr[] argv, IntPtr envp);
        [DllImport("libc")] static extern int posix_spawn_file_actions_init(IntPtr actions);
        [DllImport("libc")] static extern int posix_spawn_file_actions_destroy(IntPtr actions);
        [DllImport("libc")] static extern int posix_spawn_file_actions_adddup2(IntPtr actions, int fd, int newFd);
        """;
}
