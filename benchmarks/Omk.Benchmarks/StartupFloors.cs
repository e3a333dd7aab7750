namespace Omk.Benchmarks;

/// <summary>
/// Programs that do only what a command cannot avoid, done the cheapest way, published and started as omk is: what the
/// start-up targets can at best reach. Measured in the same rounds as omk (<see cref="StartupBenchmark"/>).
/// </summary>
internal static class StartupFloors
{
    /// <summary>
    /// <c>omk proof</c> with 5 gates running <c>true</c>: git's snapshot before the gates and the tree checked again after
    /// them (the same <c>git status</c>), each gate started with <c>posix_spawn</c> and its output read to the end into a
    /// log, an event log fsynced at its two checkpoints, a proof file. Args: the run's directory.
    /// </summary>
    public const string Proof = """
        using System.Runtime.InteropServices;
        using System.Text;
        using Microsoft.Win32.SafeHandles;

        var dir = args[0];
        Directory.CreateDirectory(dir);
        string[] status = ["/usr/bin/git", "-c", "core.quotepath=off", "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--no-renames"];
        using var events = new FileStream(Path.Combine(dir, "events.jsonl"), FileMode.Create, FileAccess.Write);
        void Append(string line) => events.Write(Encoding.UTF8.GetBytes(line + "\n"));
        var before = Run(status);
        Append("{\"kind\":\"run_started\",\"status\":" + before.Length + "}");
        events.Flush(flushToDisk: true);
        for (var i = 1; i <= 5; i++)
        {
            Append("{\"kind\":\"command_started\",\"gate\":\"g" + i + "\"}");
            File.WriteAllText(Path.Combine(dir, "g" + i + ".log"), Run(["/usr/bin/true"]));
            Append("{\"kind\":\"gate_passed\",\"gate\":\"g" + i + "\"}");
        }

        var after = Run(status);
        Append("{\"kind\":\"run_completed\",\"same_tree\":" + (after == before ? "true" : "false") + "}");
        events.Flush(flushToDisk: true);
        File.WriteAllText(Path.Combine(dir, "proof.json"), "{\"status\":\"ready\",\"gates\":5}");
        Console.WriteLine("ready: 5 of 5 gate(s) passed");

        static string Run(string[] argv) => Spawn(argv, mergeStandardError: true);

        """ + PosixSpawn;

    /// <summary>
    /// A warm <c>omk gates list</c> over gate scripts: the scripts read (their content decides which compiled assembly is
    /// theirs), the cached assembly read and its hash checked (in managed code, as omk does), loaded, and its top-level code
    /// run to collect the declarations; one line per gate. Args: the cached assembly. References Omk.Runtime (the gate API
    /// and the hash), as omk does.
    /// </summary>
    public const string Listing = """
        using System.Reflection;
        using System.Text;
        using Omk.Gates;
        using Omk.Storage;

        var scripts = Directory.GetFiles(Path.Combine(Directory.GetCurrentDirectory(), "gates"), "*.fsx", SearchOption.AllDirectories);
        Array.Sort(scripts, StringComparer.Ordinal);
        long length = 0;
        foreach (var script in scripts)
        {
            length += File.ReadAllBytes(script).Length;
        }

        var image = File.ReadAllBytes(args[0]);
        if (ManagedSha256.HashHex(image) != File.ReadAllText(args[0] + ".sha256").Trim())
        {
            throw new InvalidOperationException("the cached assembly does not match its hash");
        }

        var entry = Assembly.Load(image).EntryPoint!;
        var declared = GateDeclarations.Collect(() => entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]));
        var text = new StringBuilder();
        text.Append(declared.Count).Append(" gate(s) from ").Append(scripts.Length).Append(" script(s), ").Append(length).AppendLine(" bytes");
        foreach (var gate in declared)
        {
            text.Append("  ").Append(gate.Name).Append(' ').AppendJoin(' ', gate.Tags).AppendLine();
        }

        Console.Out.Write(text.ToString());
        """;

    /// <summary>
    /// <c>Spawn(argv, mergeStandardError)</c>: starts <c>argv[0]</c> (a full path) with <c>posix_spawn</c>, reads its
    /// standard output (and error) through a pipe to the end, waits for it and returns the text; throws when it fails.
    /// </summary>
    public const string PosixSpawn = """

        static string Spawn(string[] argv, bool mergeStandardError)
        {
            var pipe = new int[2];
            if (pipe2(pipe, 0x80000) != 0) throw new InvalidOperationException("pipe2");
            var actions = Marshal.AllocHGlobal(256);
            posix_spawn_file_actions_init(actions);
            posix_spawn_file_actions_adddup2(actions, pipe[1], 1);
            if (mergeStandardError) posix_spawn_file_actions_adddup2(actions, pipe[1], 2);
            var native = new IntPtr[argv.Length + 1];
            for (var i = 0; i < argv.Length; i++) native[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            var environ = Marshal.ReadIntPtr(NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "environ"));
            var rc = posix_spawn(out var pid, argv[0], actions, IntPtr.Zero, native, environ);
            close(pipe[1]);
            posix_spawn_file_actions_destroy(actions);
            Marshal.FreeHGlobal(actions);
            foreach (var p in native) Marshal.FreeCoTaskMem(p);
            if (rc != 0) throw new InvalidOperationException("posix_spawn " + rc);
            using var output = new FileStream(new SafeFileHandle(pipe[0], true), FileAccess.Read, 0);
            var text = new StreamReader(output).ReadToEnd();
            return waitpid(pid, out var state, 0) == pid && state == 0 ? text : throw new InvalidOperationException(argv[0] + " failed");
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
