using System.Text.Json;

namespace Omk.GitHubAction;

/// <summary>The parts of a <c>pull_request</c> (or <c>pull_request_target</c>) event the action uses.</summary>
public sealed record PullRequestEvent(int Number, string BaseRef, string? BaseSha, string? HeadSha, string? HeadRepository, string? BaseRepository)
{
    /// <summary>The head branch lives in another repository: on <c>pull_request</c>, the token is read-only.</summary>
    public bool IsFork => HeadRepository is not null && BaseRepository is not null
        && !string.Equals(HeadRepository, BaseRepository, StringComparison.OrdinalIgnoreCase);

    /// <summary>The pull request of an event file, or null when the event is not about a pull request.</summary>
    public static PullRequestEvent? Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ActionUsageException($"the event file '{path}' cannot be read: {ex.Message}", ex);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("pull_request", out var pr) || pr.ValueKind != JsonValueKind.Object
                || !pr.TryGetProperty("number", out var number) || !number.TryGetInt32(out var n))
            {
                return null;
            }

            return new PullRequestEvent(
                n,
                String(pr, "base", "ref") ?? "main",
                String(pr, "base", "sha"),
                String(pr, "head", "sha"),
                String(pr, "head", "repo", "full_name"),
                String(pr, "base", "repo", "full_name"));
        }
    }

    /// <summary>The head commit of a <c>workflow_run</c> event, or null.</summary>
    public static string? WorkflowRunHeadSha(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.TryGetProperty("workflow_run", out var run) ? String(run, "head_sha") : null;
    }

    private static string? String(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
