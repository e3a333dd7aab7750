using System.Text.Json;
using Omk.Agents;

namespace Omk.Budgets;

/// <summary>
/// The price table file, <c>prices.json</c>:
/// <code>
/// {"default": {"input": 2, "output": 8, "cache_read": 0.5, "cache_creation": 2},
///  "models": {"kimi-k2-turbo": {"input": 2.4, "output": 10}}}
/// </code>
/// USD per million tokens. <c>cache_read</c> defaults to a quarter of <c>input</c>, <c>cache_creation</c> to
/// <c>input</c>; a missing <c>default</c> is <see cref="TokenPrice.Default"/>. Where it is: <c>OMK_PRICES</c> (a file
/// path), else <c>$XDG_CONFIG_HOME/omk/prices.json</c> (<c>~/.config/omk/prices.json</c>) when it exists, else the
/// built-in <see cref="PriceTable.Defaults"/>.
/// </summary>
public static class PriceTableFile
{
    public const string EnvironmentVariable = "OMK_PRICES";

    private static readonly string[] PriceFields = ["input", "output", "cache_read", "cache_creation"];

    /// <summary>Where the price table is looked for, in this environment; null when no file applies.</summary>
    public static string? Locate(Func<string, string?> environment)
    {
        if (environment(EnvironmentVariable) is { Length: > 0 } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }

        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)
            ? xdg
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config") : null;
        var path = configHome is null ? null : Path.Combine(configHome, "omk", "prices.json");
        return path is not null && File.Exists(path) ? path : null;
    }

    /// <summary>The table of this environment: the located file, or the defaults. A file named by <c>OMK_PRICES</c> must exist.</summary>
    public static PriceTable LoadFromEnvironment(Func<string, string?> environment) =>
        Locate(environment) is { } path ? Load(path) : PriceTable.Defaults;

    public static PriceTable Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PriceTableException($"{path}: cannot read the price table: {ex.Message}");
        }

        return Parse(text, path);
    }

    public static PriceTable Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new PriceTableException($"{source}: not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PriceTableException($"{source}: the price table must be a JSON object with 'default' and 'models'.");
            }

            var fallback = TokenPrice.Default;
            var models = new Dictionary<string, TokenPrice>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "default":
                        fallback = ParsePrice(property.Value, source, "default");
                        break;
                    case "models":
                        if (property.Value.ValueKind != JsonValueKind.Object)
                        {
                            throw new PriceTableException($"{source}: field 'models' must be an object of model name to prices.");
                        }

                        foreach (var model in property.Value.EnumerateObject())
                        {
                            if (!models.TryAdd(model.Name, ParsePrice(model.Value, source, $"models.{model.Name}")))
                            {
                                throw new PriceTableException($"{source}: model '{model.Name}' is priced twice.");
                            }
                        }

                        break;
                    default:
                        throw new PriceTableException($"{source}: unknown field '{property.Name}' (allowed: default, models).");
                }
            }

            return new PriceTable(fallback, models);
        }
    }

    private static TokenPrice ParsePrice(JsonElement element, string source, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PriceTableException($"{source}: '{where}' must be an object with input and output prices (USD per million tokens).");
        }

        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var field in element.EnumerateObject())
        {
            if (Array.IndexOf(PriceFields, field.Name) < 0)
            {
                throw new PriceTableException($"{source}: '{where}': unknown field '{field.Name}' (allowed: {string.Join(", ", PriceFields)}).");
            }

            if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDecimal(out var value) || value < 0)
            {
                throw new PriceTableException($"{source}: '{where}.{field.Name}' must be a number ≥ 0 (USD per million tokens).");
            }

            values[field.Name] = value;
        }

        if (!values.TryGetValue("input", out var input) || !values.TryGetValue("output", out var output))
        {
            throw new PriceTableException($"{source}: '{where}' needs both 'input' and 'output' (USD per million tokens).");
        }

        return new TokenPrice(
            input,
            output,
            values.TryGetValue("cache_read", out var cacheRead) ? cacheRead : input / 4,
            values.TryGetValue("cache_creation", out var cacheCreation) ? cacheCreation : input);
    }
}
