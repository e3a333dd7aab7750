using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Omk.GitHubAction.Tests.Support;

/// <summary>
/// A fake GitHub REST API on 127.0.0.1 (Kestrel, free port): issue comments with real pagination (<c>Link</c> headers),
/// <c>/user</c>, a read-only-token switch (403 "Resource not accessible by integration", as on fork pull requests),
/// scripted failures, and a record of every request. Shared with the benchmarks (linked source).
/// </summary>
public sealed partial class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly Dictionary<int, List<FakeComment>> _comments = [];
    private readonly List<ScriptedFailure> _failures = [];
    private long _nextId = 1000;

    private FakeGitHub(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Writes (POST, PATCH) answer 403 "Resource not accessible by integration", as with a fork's read-only token.</summary>
    public bool ReadOnlyToken { get; set; }

    /// <summary>Answer only under this path (e.g. <c>/api/v3</c>, as GitHub Enterprise Server does); anything else is 404.</summary>
    public string? PathPrefix { get; set; }

    /// <summary>Called when a comment was created or updated (the benchmark's stop watch).</summary>
    public Action? OnCommentWritten { get; set; }

    public static async Task<FakeGitHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeGitHub(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Adds <paramref name="count"/> comments to an issue (humans by default), oldest first.</summary>
    public void AddComments(int issue, int count, string login = "reviewer", string type = "User", Func<int, string>? body = null)
    {
        lock (_lock)
        {
            var list = CommentsOf(issue);
            for (var i = 0; i < count; i++)
            {
                list.Add(new FakeComment(_nextId++, body?.Invoke(i) ?? $"Comment {i + 1}: looks good to me.", login, type));
            }
        }
    }

    public IReadOnlyList<FakeComment> Comments(int issue)
    {
        lock (_lock)
        {
            return CommentsOf(issue).ToList();
        }
    }

    /// <summary>The next <paramref name="times"/> requests of this method whose path contains <paramref name="pathPart"/> fail.</summary>
    /// <remarks>With <paramref name="afterWriting"/>, a POST of a comment is carried out before the failure is answered (a lost answer).</remarks>
    public void Fail(string method, string pathPart, int status, string message, int times = 1, string? retryAfter = null, bool afterWriting = false)
    {
        lock (_lock)
        {
            _failures.Add(new ScriptedFailure(method, pathPart, status, message, retryAfter, afterWriting) { Remaining = times });
        }
    }

    public IReadOnlyList<RecordedRequest> Writes => Requests.Where(r => r.Method is "POST" or "PATCH").ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private List<FakeComment> CommentsOf(int issue) =>
        _comments.TryGetValue(issue, out var list) ? list : _comments[issue] = [];

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        var path = request.Path.Value ?? "/";
        var recorded = new RecordedRequest(request.Method, path + request.QueryString, body, request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow);
        Requests.Enqueue(recorded);
        if (PathPrefix is { } prefix)
        {
            if (!path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                await WriteAsync(http, 404, Message($"Not Found (this server answers under {prefix}/ only)"));
                return;
            }

            path = path[prefix.Length..];
        }

        ScriptedFailure? failure;
        lock (_lock)
        {
            failure = _failures.FirstOrDefault(f => f.Remaining > 0 && f.Method == request.Method && path.Contains(f.PathPart, StringComparison.Ordinal));
            if (failure is not null)
            {
                failure.Remaining--;
            }
        }

        if (failure is not null)
        {
            if (failure.AfterWriting && IssueComments().Match(path) is { Success: true } written)
            {
                using var json = JsonDocument.Parse(body);
                var text = json.RootElement.GetProperty("body").GetString()!;
                Create(int.Parse(written.Groups["issue"].Value, CultureInfo.InvariantCulture), text, recorded.Authorization["Bearer ".Length..]);
            }

            if (failure.RetryAfter is not null)
            {
                http.Response.Headers["Retry-After"] = failure.RetryAfter;
            }

            await WriteAsync(http, failure.Status, Message(failure.Message));
            return;
        }

        // GitHub takes "Bearer" and "token" alike (the action uses Bearer; Octokit's default, in the runtime's delivery, token).
        var scheme = recorded.Authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? "Bearer " : recorded.Authorization.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? "token " : null;
        if (scheme is null)
        {
            await WriteAsync(http, 401, Message("Requires authentication"));
            return;
        }

        var token = recorded.Authorization[scheme.Length..];
        if (await TryHandleChecksAsync(http, path, body) || await TryHandleGoalsAsync(http, path, body))
        {
            return;
        }

        if (path == "/user" && request.Method == "GET")
        {
            await (token.StartsWith("ghp_", StringComparison.Ordinal)
                ? WriteAsync(http, 200, $"{{\"login\":\"{PatUser}\",\"type\":\"User\"}}")
                : WriteAsync(http, 403, Message("Resource not accessible by integration")));
            return;
        }

        if (IssueComments().Match(path) is { Success: true } list)
        {
            var issue = int.Parse(list.Groups["issue"].Value, CultureInfo.InvariantCulture);
            if (request.Method == "GET")
            {
                await ListAsync(http, issue, path);
                return;
            }

            if (request.Method == "POST")
            {
                await WriteCommentAsync(http, issue, null, body, token);
                return;
            }
        }

        if (OneComment().Match(path) is { Success: true } one && request.Method == "PATCH")
        {
            await WriteCommentAsync(http, null, long.Parse(one.Groups["id"].Value, CultureInfo.InvariantCulture), body, token);
            return;
        }

        await WriteAsync(http, 404, Message("Not Found"));
    }

    public const string PatUser = "pat-user";

    private async Task ListAsync(HttpContext http, int issue, string path)
    {
        var perPage = int.TryParse(http.Request.Query["per_page"], out var p) ? Math.Clamp(p, 1, 100) : 30;
        var page = int.TryParse(http.Request.Query["page"], out var n) ? Math.Max(1, n) : 1;
        List<FakeComment> all;
        lock (_lock)
        {
            all = CommentsOf(issue).ToList();
        }

        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        string PageUrl(int number) => $"{Url.AbsoluteUri.TrimEnd('/')}{path}?per_page={perPage}&page={number}";
        var links = new List<string>();
        if (page < last)
        {
            links.Add($"<{PageUrl(page + 1)}>; rel=\"next\"");
            links.Add($"<{PageUrl(last)}>; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add($"<{PageUrl(1)}>; rel=\"first\"");
            links.Add($"<{PageUrl(page - 1)}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            http.Response.Headers["Link"] = string.Join(", ", links);
        }

        await WriteAsync(http, 200, "[" + string.Join(",", all.Skip((page - 1) * perPage).Take(perPage).Select(Json)) + "]");
    }

    private async Task WriteCommentAsync(HttpContext http, int? issue, long? id, string body, string token)
    {
        if (ReadOnlyToken)
        {
            await WriteAsync(http, 403, Message("Resource not accessible by integration"));
            return;
        }

        string text;
        using (var json = JsonDocument.Parse(body))
        {
            text = json.RootElement.GetProperty("body").GetString()!;
        }

        if (text.Length > 65_536)
        {
            await WriteAsync(http, 422, Message("Validation Failed: body is too long (maximum is 65536 characters)"));
            return;
        }

        FakeComment? comment;
        lock (_lock)
        {
            if (issue is { } number)
            {
                comment = Create(number, text, token);
            }
            else
            {
                comment = _comments.Values.SelectMany(c => c).FirstOrDefault(c => c.Id == id);
                if (comment is not null)
                {
                    comment.Body = text;
                }
            }
        }

        if (comment is null)
        {
            await WriteAsync(http, 404, Message("Not Found"));
            return;
        }

        OnCommentWritten?.Invoke();
        await WriteAsync(http, issue is null ? 200 : 201, Json(comment));
    }

    private FakeComment Create(int issue, string text, string token)
    {
        lock (_lock)
        {
            var pat = token.StartsWith("ghp_", StringComparison.Ordinal);
            var comment = new FakeComment(_nextId++, text, pat ? PatUser : "github-actions[bot]", pat ? "User" : "Bot");
            CommentsOf(issue).Add(comment);
            return comment;
        }
    }

    private string Json(FakeComment c)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("id", c.Id);
            w.WriteString("html_url", $"https://github.com/octo/widgets/pull/7#issuecomment-{c.Id}");
            w.WriteString("body", c.Body);
            w.WriteStartObject("user");
            w.WriteString("login", c.Login);
            w.WriteString("type", c.Type);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Message(string message) => JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" });

    private static async Task WriteAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(json);
    }

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/issues/(?<issue>\d+)/comments$")]
    private static partial Regex IssueComments();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/issues/comments/(?<id>\d+)$")]
    private static partial Regex OneComment();

    private sealed record ScriptedFailure(string Method, string PathPart, int Status, string Message, string? RetryAfter, bool AfterWriting)
    {
        public int Remaining { get; set; }
    }
}
