namespace Omk.GitHubAction.GitHub;

/// <summary>Reads RFC 8288 <c>Link</c> headers as GitHub sends them: <c>&lt;url&gt;; rel="next", &lt;url&gt;; rel="last"</c>.</summary>
public static class LinkHeader
{
    public static Uri? Next(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        foreach (var part in header.Split(','))
        {
            var segments = part.Split(';', StringSplitOptions.TrimEntries);
            if (segments.Length < 2 || !segments[0].StartsWith('<') || !segments[0].EndsWith('>'))
            {
                continue;
            }

            var isNext = segments.Skip(1).Any(s => s.Replace(" ", string.Empty, StringComparison.Ordinal) is "rel=\"next\"" or "rel=next");
            if (isNext && Uri.TryCreate(segments[0][1..^1], UriKind.Absolute, out var url))
            {
                return url;
            }
        }

        return null;
    }
}
