using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Omk.Agents.Tests.Support;

/// <summary>
/// The pull-request part of the GitHub REST API on 127.0.0.1 (a free port): list (filtered by <c>head</c> and
/// <c>state</c>), create and update pull requests of any repository, each kept in memory with the request that made it.
/// Requests without an <c>Authorization</c> header get 401.
/// </summary>
public sealed class FakePullRequestApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, JsonObject> _pulls = new();
    private int _next;

    private FakePullRequestApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request: method, path and query, body.</summary>
    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

    public IReadOnlyList<JsonObject> Pulls => _pulls.OrderBy(p => p.Key).Select(p => p.Value).ToList();

    public static async Task<FakePullRequestApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakePullRequestApi(app);
        app.Run(api.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.BaseUrl = $"http://127.0.0.1:{new Uri(address).Port}/";
        return api;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
        var path = http.Request.Path.Value ?? "/";
        Requests.Enqueue((http.Request.Method, path + http.Request.QueryString, body));
        if (string.IsNullOrEmpty(http.Request.Headers.Authorization.ToString()))
        {
            await WriteAsync(http, 401, new JsonObject { ["message"] = "Requires authentication" });
            return;
        }

        var parts = path.Trim('/').Split('/');
        if (parts is ["repos", var owner, var repo, "pulls"])
        {
            if (http.Request.Method == "GET")
            {
                var head = http.Request.Query["head"].ToString();
                var list = new JsonArray(Pulls.Where(p => head.Length == 0 || $"{owner}:{p["head"]!["ref"]}" == head).Select(p => (JsonNode)p.DeepClone()).ToArray());
                await WriteAsync(http, 200, list);
                return;
            }

            using var json = JsonDocument.Parse(body);
            var number = Interlocked.Increment(ref _next);
            var pull = new JsonObject
            {
                ["id"] = number,
                ["number"] = number,
                ["state"] = "open",
                ["title"] = json.RootElement.GetProperty("title").GetString(),
                ["body"] = json.RootElement.TryGetProperty("body", out var b) ? b.GetString() : null,
                ["draft"] = json.RootElement.TryGetProperty("draft", out var d) && d.GetBoolean(),
                ["html_url"] = $"{BaseUrl}{owner}/{repo}/pull/{number}",
                ["url"] = $"{BaseUrl}repos/{owner}/{repo}/pulls/{number}",
                ["head"] = new JsonObject { ["ref"] = json.RootElement.GetProperty("head").GetString() },
                ["base"] = new JsonObject { ["ref"] = json.RootElement.GetProperty("base").GetString() },
            };
            _pulls[number] = pull;
            await WriteAsync(http, 201, pull.DeepClone());
            return;
        }

        if (parts is ["repos", _, _, "pulls", var n] && int.TryParse(n, out var id) && _pulls.TryGetValue(id, out var existing) && http.Request.Method == "PATCH")
        {
            using var json = JsonDocument.Parse(body);
            foreach (var field in new[] { "title", "body" })
            {
                if (json.RootElement.TryGetProperty(field, out var value))
                {
                    existing[field] = value.GetString();
                }
            }

            await WriteAsync(http, 200, existing.DeepClone());
            return;
        }

        await WriteAsync(http, 404, new JsonObject { ["message"] = "Not Found" });
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
