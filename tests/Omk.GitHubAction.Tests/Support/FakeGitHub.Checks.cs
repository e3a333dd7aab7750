using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>The Checks API of the fake: check runs created and updated, each request's annotations kept in order.</summary>
public sealed partial class FakeGitHub
{
    private readonly List<FakeCheckRun> _checkRuns = [];

    public IReadOnlyList<FakeCheckRun> CheckRuns
    {
        get
        {
            lock (_lock)
            {
                return _checkRuns.ToList();
            }
        }
    }

    private async Task<bool> TryHandleChecksAsync(HttpContext http, string path, string body)
    {
        var create = CheckRunsPath().Match(path);
        var update = OneCheckRunPath().Match(path);
        if (!(create.Success && http.Request.Method == "POST") && !(update.Success && http.Request.Method == "PATCH"))
        {
            return false;
        }

        if (ReadOnlyToken)
        {
            await WriteAsync(http, 403, Message("Resource not accessible by integration"));
            return true;
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var annotations = root.TryGetProperty("output", out var output) && output.TryGetProperty("annotations", out var a) ? a.GetArrayLength() : 0;
        if (annotations > 50)
        {
            await WriteAsync(http, 422, Message("Validation Failed: only 50 annotations are allowed per request"));
            return true;
        }

        FakeCheckRun run;
        lock (_lock)
        {
            if (create.Success)
            {
                run = new FakeCheckRun(_nextId++, root.GetProperty("name").GetString()!, root.GetProperty("head_sha").GetString()!)
                {
                    Conclusion = root.TryGetProperty("conclusion", out var c) ? c.GetString() : null,
                    Summary = output.GetProperty("summary").GetString()!,
                };
                _checkRuns.Add(run);
            }
            else
            {
                var id = long.Parse(update.Groups["id"].Value, CultureInfo.InvariantCulture);
                run = _checkRuns.Single(r => r.Id == id);
            }

            run.AnnotationBatches.Add(annotations);
        }

        await WriteAsync(http, create.Success ? 201 : 200, $$"""{"id":{{run.Id}},"name":"{{run.Name}}","head_sha":"{{run.HeadSha}}","status":"completed","conclusion":"{{run.Conclusion}}","html_url":"https://github.com/octo/widgets/runs/{{run.Id}}"}""");
        return true;
    }

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/check-runs$")]
    private static partial Regex CheckRunsPath();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/check-runs/(?<id>\d+)$")]
    private static partial Regex OneCheckRunPath();
}
