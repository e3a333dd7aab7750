using System.Text.RegularExpressions;

namespace Omk.Storage;

/// <summary>
/// Replaces secrets in text with <see cref="Mask"/>: well-known token and key shapes, <c>key=value</c>
/// assignments whose key names a secret, and exact values a run declares secret.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    private readonly string[] _values;

    public SecretRedactor(IEnumerable<string>? secretValues = null)
    {
        // Very short values would redact ordinary text; a secret shorter than 4 characters is not one.
        _values = (secretValues ?? [])
            .Where(v => !string.IsNullOrWhiteSpace(v) && v.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)
            .ToArray();
    }

    /// <summary>Only pattern-based redaction, no declared values.</summary>
    public static SecretRedactor Default { get; } = new();

    /// <summary>
    /// Names of environment variables whose values a run treats as secret: well-known tokens and keys,
    /// and any variable named like <c>*_TOKEN</c>, <c>*_KEY</c>, <c>*_SECRET</c>, <c>*_PASSWORD</c>.
    /// </summary>
    public static IReadOnlyList<string> SecretVariableNames(System.Collections.IDictionary environment)
    {
        var names = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && entry.Value is string value && value.Length >= 8 && LooksSecret(name))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>A redactor that also hides the values of <see cref="SecretVariableNames"/> in the current environment.</summary>
    public static SecretRedactor FromEnvironment(IEnumerable<string>? extraValues = null)
    {
        var environment = Environment.GetEnvironmentVariables();
        var values = SecretVariableNames(environment).Select(n => (string)environment[n]!);
        return new SecretRedactor(values.Concat(extraValues ?? []));
    }

    private static bool LooksSecret(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper.EndsWith("_TOKEN", StringComparison.Ordinal) || upper.EndsWith("_KEY", StringComparison.Ordinal)
            || upper.EndsWith("_SECRET", StringComparison.Ordinal) || upper.EndsWith("_PASSWORD", StringComparison.Ordinal)
            || upper.EndsWith("_PAT", StringComparison.Ordinal) || upper is "GITHUB_TOKEN" or "GH_TOKEN" or "NUGET_API_KEY" or "KIMI_API_KEY";
    }

    public SecretRedactor WithValues(IEnumerable<string> values) => new(_values.Concat(values));

    public IReadOnlyList<string> DeclaredValues => _values;

    public string Redact(string text)
    {
        if (text.Length < 8)
        {
            return text;
        }

        var result = text;
        foreach (var value in _values)
        {
            if (result.Contains(value, StringComparison.Ordinal))
            {
                result = result.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        if (TokenShapes().IsMatch(result))
        {
            result = TokenShapes().Replace(result, Mask);
        }

        if (Assignment().IsMatch(result))
        {
            result = Assignment().Replace(result, m => m.Groups["prefix"].Value + Mask);
        }

        return result;
    }

    // Provider key and token shapes: OpenAI/Moonshot-style sk-, GitHub, AWS access keys, Slack, JWTs,
    // and PEM private key blocks. (Bearer credentials are in Assignment, which keeps the prefix.)
    [GeneratedRegex(
        @"\b(?:sk|rk)-[A-Za-z0-9_\-]{16,}|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abposr]-[A-Za-z0-9\-]{10,}|\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenShapes();

    // api_key=..., "token": "...", PASSWORD: ..., client_secret = ... (anchored on the keyword, so long
    // logs are scanned quickly; the value after the separator is what gets hidden).
    [GeneratedRegex(
        @"(?<prefix>(?:api[_\-]?key|secret|token|password|passwd|credential)s?[""']?\s*[:=]\s*[""']?|\bbearer\s+)(?![\[])[^\s""',;&]{6,}",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Assignment();
}
