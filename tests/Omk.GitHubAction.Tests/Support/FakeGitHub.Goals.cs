using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>The fake's collaborators (permission per login, "none" when unknown) and pull requests (list by head, create, update).</summary>
public sealed partial class FakeGitHub
{
    private readonly Dictionary<string, string> _permissions = new(StringComparer.Ordinal);
    private readonly List<FakePullRequest> _pulls = [];

    public void SetPermission(string login, string permission)
    {
        lock (_lock)
        {
            _permissions[login] = permission;
        }
    }

    public IReadOnlyList<FakePullRequest> PullRequests
    {
        get
        {
            lock (_lock)
            {
                return _pulls.ToList();
            }
        }
    }

    private async Task<bool> TryHandleGoalsAsync(HttpContext http, string path, string body)
    {
        var method = http.Request.Method;
        if (PermissionPath().Match(path) is { Success: true } who && method == "GET")
        {
            string permission;
            lock (_lock)
            {
                permission = _permissions.GetValueOrDefault(who.Groups["user"].Value, "none");
            }

            var login = who.Groups["user"].Value;
            await WriteAsync(http, 200, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["permission"] = permission,
                ["role_name"] = permission,
                ["user"] = new Dictionary<string, string> { ["login"] = login, ["type"] = "User" },
            }));
            return true;
        }

        if (PullsPath().IsMatch(path) && method == "GET")
        {
            var head = http.Request.Query["head"].ToString();
            List<FakePullRequest> open;
            lock (_lock)
            {
                open = _pulls.Where(p => head.Length == 0 || head.EndsWith(":" + p.Head, StringComparison.Ordinal)).ToList();
            }

            await WriteAsync(http, 200, "[" + string.Join(",", open.Select(PullJson)) + "]");
            return true;
        }

        if (PullsPath().IsMatch(path) && method == "POST")
        {
            using var json = JsonDocument.Parse(body);
            var r = json.RootElement;
            FakePullRequest pull;
            lock (_lock)
            {
                pull = new FakePullRequest((int)(_nextId++ % 10_000), r.GetProperty("head").GetString()!, r.GetProperty("base").GetString()!)
                {
                    Title = r.GetProperty("title").GetString()!,
                    Body = r.TryGetProperty("body", out var b) ? b.GetString() ?? string.Empty : string.Empty,
                    Draft = r.TryGetProperty("draft", out var d) && d.GetBoolean(),
                };
                _pulls.Add(pull);
            }

            await WriteAsync(http, 201, PullJson(pull));
            return true;
        }

        if (OnePullPath().Match(path) is { Success: true } one && method == "PATCH")
        {
            using var json = JsonDocument.Parse(body);
            FakePullRequest? pull;
            lock (_lock)
            {
                pull = _pulls.FirstOrDefault(p => p.Number == int.Parse(one.Groups["n"].Value, CultureInfo.InvariantCulture));
                if (pull is not null)
                {
                    pull.Title = json.RootElement.TryGetProperty("title", out var t) ? t.GetString()! : pull.Title;
                    pull.Body = json.RootElement.TryGetProperty("body", out var b) ? b.GetString()! : pull.Body;
                    pull.Updates++;
                }
            }

            await (pull is null ? WriteAsync(http, 404, Message("Not Found")) : WriteAsync(http, 200, PullJson(pull)));
            return true;
        }

        return false;
    }

    private static string PullJson(FakePullRequest p) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["number"] = p.Number,
        ["html_url"] = $"https://github.com/octo/widgets/pull/{p.Number}",
        ["title"] = p.Title,
        ["body"] = p.Body,
        ["draft"] = p.Draft,
        ["state"] = "open",
        ["head"] = new Dictionary<string, string> { ["ref"] = p.Head },
        ["base"] = new Dictionary<string, string> { ["ref"] = p.Base },
    });

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/collaborators/(?<user>[^/]+)/permission$")]
    private static partial Regex PermissionPath();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/pulls$")]
    private static partial Regex PullsPath();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/pulls/(?<n>\d+)$")]
    private static partial Regex OnePullPath();
}
