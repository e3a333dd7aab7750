namespace Omk.Processes;

/// <summary>
/// A program and its arguments, passed to the OS as a list (no shell parses them), or a shell script
/// made with <see cref="Shell"/>. <see cref="CommandLine"/> renders it for people and for evidence.
/// </summary>
/// <param name="Program">The program: a bare name looked up on <c>PATH</c>, or a path (relative paths are
/// resolved against the working directory of the run).</param>
/// <param name="Arguments">The arguments, each passed literally.</param>
public sealed record ProcessCommand(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The script when this command was made with <see cref="Shell"/>; otherwise null.</summary>
    public string? ShellScript { get; private init; }

    /// <summary>True when this command runs a script through the platform shell.</summary>
    public bool IsShell => ShellScript is not null;

    /// <summary>
    /// A human-readable command line: the script itself for a shell command, otherwise the program and
    /// arguments, each quoted POSIX-style when it holds anything but plain characters.
    /// </summary>
    public string CommandLine => ShellScript ?? CommandLineQuoting.Join(Program, Arguments);

    /// <summary>A command that runs <paramref name="program"/> with <paramref name="arguments"/>, no shell.</summary>
    public static ProcessCommand Create(string program, params string[] arguments) => new(program, arguments);

    /// <summary>
    /// A command that runs <paramref name="script"/> through the platform shell:
    /// <c>/bin/sh -c script</c> on Unix, <c>cmd.exe /d /s /c script</c> on Windows.
    /// </summary>
    public static ProcessCommand Shell(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return OperatingSystem.IsWindows()
            ? new ProcessCommand("cmd.exe", ["/d", "/s", "/c", script]) { ShellScript = script }
            : new ProcessCommand("/bin/sh", ["-c", script]) { ShellScript = script };
    }

    /// <summary>Equal when program, arguments (element by element) and script are equal.</summary>
    public bool Equals(ProcessCommand? other) =>
        other is not null
        && string.Equals(Program, other.Program, StringComparison.Ordinal)
        && string.Equals(ShellScript, other.ShellScript, StringComparison.Ordinal)
        && Arguments.SequenceEqual(other.Arguments, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Program, StringComparer.Ordinal);
        foreach (var argument in Arguments)
        {
            hash.Add(argument, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => CommandLine;
}
