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
    private readonly int _shortestValue;

    public SecretRedactor(IEnumerable<string>? secretValues = null)
    {
        // Very short values would redact ordinary text; a secret shorter than 4 characters is not one.
        _values = (secretValues ?? [])
            .Where(v => !string.IsNullOrWhiteSpace(v) && v.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)
            .ToArray();
        _shortestValue = _values.Length == 0 ? int.MaxValue : _values[^1].Length;
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
            || upper.EndsWith("_PAT", StringComparison.Ordinal) || upper.EndsWith("_CREDENTIALS", StringComparison.Ordinal)
            || upper.EndsWith("_CREDENTIAL", StringComparison.Ordinal) || upper is "GITHUB_TOKEN" or "GH_TOKEN" or "NUGET_API_KEY" or "KIMI_API_KEY";
    }

    public SecretRedactor WithValues(IEnumerable<string> values) => new(_values.Concat(values));

    public IReadOnlyList<string> DeclaredValues => _values;

    public string Redact(string text)
    {
        // No pattern matches fewer than 8 characters; declared values may be as short as 4.
        if (text.Length < 8 && text.Length < _shortestValue)
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

        // The regexes run only on text that has what they need to match (cheap vectorized scans; most text has not).
        if (MayHoldToken(result) && TokenShapes().IsMatch(result))
        {
            result = TokenShapes().Replace(result, Mask);
        }

        if (MayHoldAssignment(result) && Assignment().IsMatch(result))
        {
            result = Assignment().Replace(result, m => m.Groups["prefix"].Value + Mask);
        }

        if (result.Contains("://", StringComparison.Ordinal) && result.Contains('@') && UrlPassword().IsMatch(result))
        {
            result = UrlPassword().Replace(result, Mask);
        }

        return result;
    }

    // Every token shape starts with one of these (case matters in TokenShapes): sk-, rk-, gh[pousr]_, github_pat_, glpat-,
    // AKIA, xox, eyJ, -----BEGIN. Most text has none, and then the regex (its assembly, its search setup) is not touched.
    private static bool MayHoldToken(string text)
    {
        var span = text.AsSpan();
        return span.Contains("k-", StringComparison.Ordinal) && (span.Contains("sk-", StringComparison.Ordinal) || span.Contains("rk-", StringComparison.Ordinal))
            || (span.Contains('_') && (span.Contains("github_pat_", StringComparison.Ordinal) || HoldsGitHubTokenPrefix(span)))
            || span.Contains("glpat-", StringComparison.Ordinal)
            || span.Contains("AKIA", StringComparison.Ordinal)
            || span.Contains("xox", StringComparison.Ordinal)
            || span.Contains("eyJ", StringComparison.Ordinal)
            || span.Contains("-----BEGIN ", StringComparison.Ordinal);
    }

    // ghp_, gho_, ghu_, ghs_, ghr_.
    private static bool HoldsGitHubTokenPrefix(ReadOnlySpan<char> span)
    {
        for (var at = span.IndexOf("gh", StringComparison.Ordinal); at >= 0 && at + 3 < span.Length;)
        {
            if (span[at + 2] is 'p' or 'o' or 'u' or 's' or 'r' && span[at + 3] == '_')
            {
                return true;
            }

            var next = span[(at + 1)..].IndexOf("gh", StringComparison.Ordinal);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }

    // Every assignment has a ':', '=' or URL-encoded separator (%3A, %3D) after its name, or is a bearer credential; and it
    // names one of Assignment's words. Compared ignoring ASCII case; text with other characters goes to the regex, whose
    // case-insensitive matching also knows non-ASCII equivalents (the Kelvin sign for 'k').
    private static bool MayHoldAssignment(string text)
    {
        var span = text.AsSpan();
        if (span.IndexOfAny(':', '=', '%') < 0 && !span.Contains("bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in span)
        {
            if (c > '\u007f')
            {
                return true;
            }
        }

        return span.Contains("key", StringComparison.OrdinalIgnoreCase)
            || span.Contains("secret", StringComparison.OrdinalIgnoreCase)
            || span.Contains("token", StringComparison.OrdinalIgnoreCase)
            || span.Contains("passw", StringComparison.OrdinalIgnoreCase)
            || span.Contains("credential", StringComparison.OrdinalIgnoreCase)
            || span.Contains("authorization", StringComparison.OrdinalIgnoreCase)
            || span.Contains("bearer", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Redacts the string value of a named field (a JSON property): the whole value when the name says it holds a
    /// secret (<c>password</c>, <c>api_key</c>, <c>GITHUB_TOKEN</c>, <c>client_secret</c> ...), else as text.
    /// Names ending in "tokens" are counts (<c>used_tokens</c>, <c>max_tokens</c>), not secrets.
    /// </summary>
    public string Redact(string name, string value) =>
        value.Length > 0 && value != Mask && IsSecretName(name) ? Mask : Redact(value);

    /// <summary>
    /// True when a field of this name holds a secret: a name of letters, digits, '_' and '-' that ends in api_key
    /// (apikey, api-key), secret, token, password, passwd or credential, optionally plural; case does not matter.
    /// </summary>
    public static bool IsSecretName(string name)
    {
        var n = name.AsSpan();
        if (n.IsEmpty)
        {
            return false;
        }

        var secret = EndsWithSecretWord(n)
            || (n[^1] is 's' or 'S' && !n.EndsWith("tokens", StringComparison.OrdinalIgnoreCase) && EndsWithSecretWord(n[..^1]));
        return secret && IsNameText(n);

        // Called for every string field written, so it dispatches on the last letter before comparing words.
        static bool EndsWithSecretWord(ReadOnlySpan<char> n) => n.Length > 0 && (n[^1] | 0x20) switch
        {
            't' => n.EndsWith("secret", StringComparison.OrdinalIgnoreCase),
            'n' => n.EndsWith("token", StringComparison.OrdinalIgnoreCase),
            'd' => n.EndsWith("password", StringComparison.OrdinalIgnoreCase) || n.EndsWith("passwd", StringComparison.OrdinalIgnoreCase),
            'l' => n.EndsWith("credential", StringComparison.OrdinalIgnoreCase),
            'y' => n.EndsWith("apikey", StringComparison.OrdinalIgnoreCase)
                || n.EndsWith("api_key", StringComparison.OrdinalIgnoreCase)
                || n.EndsWith("api-key", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    // Letters, digits, '_' and '-' only. A loop over a short name, not SearchValues: with them, the type's static constructor
    // JIT-compiled the framework's vectorized search setup (a method compiled fully optimized) in every omk process.
    private static bool IsNameText(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    // Provider key and token shapes: OpenAI/Moonshot-style sk-, GitHub, AWS access keys, Slack, JWTs,
    // and PEM private key blocks. (Bearer credentials are in Assignment, which keeps the prefix.)
    [GeneratedRegex(
        @"\b(?:sk|rk)-[A-Za-z0-9_\-]{16,}|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bglpat-[A-Za-z0-9_\-]{20,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abposr]-[A-Za-z0-9\-]{10,}|\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
        RegexOptions.CultureInvariant)]
    private static partial Regex TokenShapes();

    // api_key=..., "token": "...", PASSWORD: ..., client_secret = ..., their URL-encoded forms (token%3D..., %22token%22%3A%22...),
    // "Authorization: Basic ..." and bearer credentials (anchored on the keyword, so long logs are scanned quickly; the
    // value after the separator is what gets hidden).
    [GeneratedRegex(
        @"(?<prefix>(?:api[_\-]?key|secret|token|password|passwd|credential)s?(?:[""']|%22|%27)?\s*(?:[:=]|%3[ad])\s*(?:[""']|%22|%27)?|\bauthorization\s*[:=]\s*(?:(?:basic|bearer|token|digest)\s+)?|\bbearer\s+)(?![\[])[^\s""',;&]{6,}",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Assignment();

    // The password of a URL with credentials: scheme://user:PASSWORD@host.
    [GeneratedRegex(@"(?<=\b[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]+:)[^/\s@]+(?=@)", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();
}
