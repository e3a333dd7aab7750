using System.Security.Cryptography;
using System.Text;
using Omk.Proofs;

namespace Omk.GitHubAction;

/// <summary>
/// The sticky pull request comment: two hidden lines (the marker that finds it again, and the state that
/// <c>comment: on-change</c> compares), the proof's Markdown, and a footer; cut to GitHub's 65 536 characters
/// with a pointer to the job summary.
/// </summary>
public static class CommentBody
{
    public const int MaxLength = 65_536;

    /// <summary>The hidden line that identifies the comment of a key: <c>&lt;!-- omk-proof:KEY --&gt;</c>.</summary>
    public static string Marker(string key) => $"<!-- omk-proof:{key} -->";

    /// <summary>The verdict and every gate's status, hashed: equal states mean nothing a reviewer cares about changed.</summary>
    public static string State(Proof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var gates = string.Join('\n', proof.Gates.Select(g => $"{g.Name}={g.Status}").Order(StringComparer.Ordinal));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(gates)))[..16].ToLowerInvariant();
        return $"{proof.Status}:{hash}";
    }

    /// <summary>The state recorded in an existing comment's body, or null.</summary>
    public static string? StateOf(string body)
    {
        const string prefix = "<!-- omk-proof-state:";
        var start = body.IndexOf(prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += prefix.Length;
        var end = body.IndexOf(" -->", start, StringComparison.Ordinal);
        return end < 0 ? null : body[start..end];
    }

    public static string Render(Proof proof, string markdown, string key, string? commit, string? runUrl)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(markdown);
        var head = $"{Marker(key)}\n<!-- omk-proof-state:{State(proof)} -->\n";
        var facts = new List<string> { $"Omk {ProofRun.OmkVersion}" };
        if (key != "proof")
        {
            facts.Add($"`{key}`");
        }

        if (commit is { Length: >= 7 })
        {
            facts.Add($"commit {commit[..7]}");
        }

        if (runUrl is not null)
        {
            facts.Add($"[workflow run and job summary]({runUrl})");
        }

        var footer = $"\n---\n<sub>{string.Join(" · ", facts)}</sub>\n";
        var content = markdown.TrimEnd('\n') + "\n";
        if (head.Length + content.Length + footer.Length <= MaxLength)
        {
            return head + content + footer;
        }

        var where = runUrl is null ? "the job summary" : $"the [job summary]({runUrl})";
        var note = $"\n\n> ✂️ **Truncated**: this proof is longer than a pull request comment allows (65 536 characters). "
            + $"The whole proof is in {where} and in `proof.md` of the run directory.\n";
        var room = MaxLength - head.Length - footer.Length - note.Length;
        return head + MarkdownCut.AtLine(content, room) + note + footer;
    }
}
