using System.Globalization;
using System.Text;
using Omk.Events;

namespace Omk.Runs;

/// <summary>The on-disk layout of one run: <c>&lt;state&gt;/runs/&lt;run-id&gt;/</c>.</summary>
public sealed record RunDirectory(RunId RunId, string Path)
{
    public string EventsPath => EventReader.LogPathIn(Path);

    public string ProofJsonPath => System.IO.Path.Combine(Path, "proof.json");

    public string ProofMarkdownPath => System.IO.Path.Combine(Path, "proof.md");

    public string GatesDirectory => System.IO.Path.Combine(Path, "gates");

    public string AgentsDirectory => System.IO.Path.Combine(Path, "agents");

    public string StateDirectory => System.IO.Path.Combine(Path, "state");

    /// <summary>
    /// The gate log path relative to the run directory: <c>gates/NN-&lt;name&gt;.log</c>, the name cut to
    /// <see cref="MaxNameInFile"/> characters (file names have a length limit; the index keeps them apart).
    /// A retried gate's later attempts get <c>gates/NN-name.attempt2.log</c> and so on.
    /// </summary>
    public static string GateLogRelativePath(int index, string gateName, int attempt = 1)
    {
        var name = FileSafe(gateName);
        return "gates/" + index.ToString("00", CultureInfo.InvariantCulture) + "-" + (name.Length > MaxNameInFile ? name[..MaxNameInFile] : name)
            + (attempt > 1 ? ".attempt" + attempt.ToString(CultureInfo.InvariantCulture) : string.Empty) + ".log";
    }

    public const int MaxNameInFile = 100;

    public string GateLogPath(int index, string gateName, int attempt = 1) =>
        System.IO.Path.Combine(Path, GateLogRelativePath(index, gateName, attempt).Replace('/', System.IO.Path.DirectorySeparatorChar));

    /// <summary>Resolves a path stored relative to the run directory (as in events and proofs).</summary>
    public string Resolve(string relativeOrAbsolute) =>
        System.IO.Path.IsPathRooted(relativeOrAbsolute)
            ? relativeOrAbsolute
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relativeOrAbsolute));

    /// <summary>Letters, digits, '.', '_' and '-' kept; anything else becomes '-'.</summary>
    public static string FileSafe(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var result = sb.ToString().Trim('.');
        return result.Length == 0 ? "gate" : result;
    }
}
