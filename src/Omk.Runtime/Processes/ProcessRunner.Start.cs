using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Omk.Processes;

/// <summary>Starting the child: <c>posix_spawn</c> on Linux, <see cref="Process"/> elsewhere.</summary>
public sealed partial class ProcessRunner
{
    private IRunningChild? Start(ProcessSpec spec, string workingDirectory, out string? error) =>
        !_processOnly && PosixSpawnLibrary.IsAvailable ? Spawn(spec, workingDirectory, out error) : StartProcess(spec, workingDirectory, out error);

    /// <summary>One program, no prefix: its own session and group, SIGPIPE at its default, the tree marker in its environment.</summary>
    private static SpawnedChild? Spawn(ProcessSpec spec, string workingDirectory, out string? error)
    {
        ChildSubreaper.EnsureEnabled();
        var environment = ChildEnvironment.Build(spec.Environment);
        var marker = ProcessTreeMarker.New();
        environment[ProcessTreeMarker.Variable] = marker;
        environment.TryGetValue("PATH", out var path);
        var command = spec.Command;
        var program = ProgramLocator.Locate(command.Program, workingDirectory, path, out error);
        if (program is null)
        {
            return null;
        }

        var request = new SpawnRequest(program, command.Arguments, environment, workingDirectory) { NewSession = true, Marker = marker, CallerWaits = true };
        var child = PosixSpawner.Start(request, out var errno);
        if (child is null)
        {
            error = $"program '{command.Program}' could not be started: {Marshal.GetPInvokeErrorMessage(errno)} ({program}; working directory: {workingDirectory})";
        }

        return child;
    }

    private static DotnetChildProcess? StartProcess(ProcessSpec spec, string workingDirectory, out string? error)
    {
        var process = new Process { StartInfo = CreateStartInfo(spec, workingDirectory, out error) };
        if (error is null)
        {
            try
            {
                process.Start();
                return new DotnetChildProcess(process, ChildLauncher.Default.OwnsGroup);
            }
            catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
            {
                error = $"program '{spec.Command.Program}' could not be started: {ex.Message} (working directory: {workingDirectory})";
            }
        }

        process.Dispose();
        return null;
    }

    private static ProcessStartInfo CreateStartInfo(ProcessSpec spec, string workingDirectory, out string? error)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        info.Environment.TryGetValue("PATH", out var path);
        var command = spec.Command;
        var program = ProgramLocator.Locate(command.Program, workingDirectory, path, out error);
        if (program is null)
        {
            return info;
        }

        if (command.IsShell && OperatingSystem.IsWindows())
        {
            // cmd.exe does not parse arguments by the C runtime rules ArgumentList quotes for; with /s it
            // strips exactly the outer quotes and runs the rest as written.
            info.FileName = program;
            info.Arguments = $"/d /s /c \"{command.ShellScript}\"";
            return info;
        }

        ChildLauncher.Default.Prepare(info, program);
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}
