using System.Security.Cryptography;
using System.Text;
using Omk.GitHubAction.GitHub;

namespace Omk.GitHubAction;

/// <summary>
/// The one status comment of a goal on its issue or pull request (hidden marker <c>&lt;!-- omk-goal:KEY --&gt;</c>, KEY
/// a hash of the goal), written when the goal starts and updated as it moves (running, its verdict, its pull
/// request), never a new comment per step. Also the polite reply to someone who may not start goals.
/// </summary>
public sealed class GoalStatusComment(GitHubApi api, string repository, int issue, GitHubClientOptions options)
{
    public const string MarkerStart = "<!-- omk-goal";

    public static string Key(string goal) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(goal.Trim()))).ToLowerInvariant()[..12];

    public static string Marker(string goal) => $"{MarkerStart}:{Key(goal)} -->";

    public async Task<IssueComment> WriteAsync(string goal, string status, string details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var sticky = new StickyComment(api, repository, issue, options);
        var marker = Marker(goal);
        var existing = await sticky.FindAsync(marker, null, cancellationToken).ConfigureAwait(false);
        var firstLine = Sanitize(goal.Split('\n', 2)[0]);
        var body = $"{marker}\n### Omk goal: {status}\n\n> {firstLine}\n\n{details}\n";
        return await sticky.WriteAsync(marker, body, existing, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReplyAsync(string text)
    {
        var (owner, name) = (repository.Split('/')[0], repository.Split('/').ElementAtOrDefault(1) ?? string.Empty);
        await api.CallAsync($"POST /repos/{repository}/issues/{issue}/comments", c => c.Issue.Comment.Create(owner, name, issue, $"{MarkerStart}-reply -->\n{text}")).ConfigureAwait(false);
    }

    private static string Sanitize(string text)
    {
        var line = new string(text.Where(c => !char.IsControl(c)).ToArray()).Replace("<!--", "&lt;!--", StringComparison.Ordinal);
        return line.Length <= 200 ? line : line[..199] + "…";
    }
}
