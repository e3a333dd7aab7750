using Omk.Git;
using Omk.Runs;

namespace Omk.Cli;

/// <summary>
/// The one line (and exit code) for an exception that reached the top: what the environment or input got wrong and
/// what to do about it. Environment problems are exit 2 like usage errors; anything else is an internal error, exit 1.
/// The stack trace is printed only with <c>--verbose</c>.
/// </summary>
public sealed record FailureMessage(string Message, int ExitCode)
{
    private const int NoSpaceLeft = 28;

    public static FailureMessage Describe(Exception ex) => ex switch
    {
        StateDirectoryException state => new(state.Message, ExitCodes.Usage),
        GitException git when git.Message.Contains("dubious ownership", StringComparison.OrdinalIgnoreCase) =>
            new(DubiousOwnership(git.Message), ExitCodes.Usage),
        GitException git => new($"git failed: {FirstLine(git.Message)}", ExitCodes.Usage),
        IOException io when IsDiskFull(io) =>
            new($"the disk is full ({FirstLine(io.Message)}); free some space and run again (what was recorded before is kept).", ExitCodes.Usage),
        UnauthorizedAccessException denied => new($"permission denied: {FirstLine(denied.Message)}", ExitCodes.Usage),
        IOException io => new($"cannot read or write a file: {FirstLine(io.Message)}", ExitCodes.Usage),
        _ => new($"internal error: {ex.GetType().Name}: {FirstLine(ex.Message)} (run again with --verbose for the stack trace).", ExitCodes.NotReady),
    };

    private static bool IsDiskFull(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if ((e.HResult & 0xFFFF) == NoSpaceLeft || e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string DubiousOwnership(string message)
    {
        const string marker = "repository at '";
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + marker.Length);
        var path = end < 0 ? "<repository>" : message[(start + marker.Length)..end];
        return $"git refuses the repository at '{path}': it is owned by another user (\"dubious ownership\"); if you trust it, run: git config --global --add safe.directory '{path}'";
    }

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var newline = line.IndexOfAny('\r', '\n');
        return (newline < 0 ? line : line[..newline]).ToString();
    }
}
